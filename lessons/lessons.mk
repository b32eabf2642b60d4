# lessons/lessons.mk -- the guided lessons (included by the top Makefile).
#
#   make lessons        build/lessons/NN-slug.json (threadlab-server --lessons
#                       build/lessons) and build/web/lessons.json (the page's
#                       copy when no server answers)
#   make test-lessons   every lesson: its solution passes its check in each
#                       mode and a fix-it starter fails it

LESSON_FILES := lessons/checklib.py $(wildcard lessons/*/*)

.PHONY: lessons test-lessons
lessons: build/lessons/.built

build/lessons/.built: tools/lessons.py $(LESSON_FILES)
	python3 tools/lessons.py build --out build/lessons --bundle build/web/lessons.json
	@touch $@

test-lessons: build/threadlab lessons
	python3 tests/lessons/run.py --vm build/threadlab
