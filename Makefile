# Re-fit the answer scorer from the papers and every question set (see README, "Measuring answers").
# Needs ../shared/corpus-real* beside the checkout and `pip install -e '.[train]'`.
PAPERS := corpus ../shared/corpus-real ../shared/corpus-real-2
COUNCILS := $(wildcard ../shared/corpus-real/*/ ../shared/corpus-real-2/*/)
EVAL_DB := build/eval.db
OWN := build/councils
OWN_DONE := $(OWN)/.indexed

.PHONY: scorer eval-by-council councils

# Every council's papers in one index: harder than any deployment, and what the tests use.
$(EVAL_DB):
	mkdir -p build
	# scanned papers in the real corpora fail to index (reported); the rest is what counts
	-member-bot index $(PAPERS) --db $(EVAL_DB) --quiet

# Each council's papers in an index of their own, as a council deploys member-bot; the
# bundled seed papers are Kent's.
$(OWN_DONE):
	mkdir -p $(OWN)
	for dir in $(COUNCILS); do \
	  name=$$(basename $$dir); seeds=; [ $$name = kent-county-council ] && seeds=corpus; \
	  member-bot index $$dir $$seeds --db $(OWN)/$$name.db --quiet || true; \
	done
	touch $@

councils: $(OWN_DONE)

scorer: $(EVAL_DB) $(OWN_DONE)
	member-bot train tests/eval/questions*.jsonl --db $(EVAL_DB) --own-indexes $(OWN)

eval-by-council: $(EVAL_DB) $(OWN_DONE)
	member-bot eval tests/eval/questions*.jsonl --db $(EVAL_DB) --own-indexes $(OWN) --by-council
