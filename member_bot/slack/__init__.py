"""The Slack app: Bolt listeners over the answer engine and the follow-up queue."""
