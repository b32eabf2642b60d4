# vm/board.mk -- the simulated board (board.c, pyb, machine, micropython):
# its tests.  Included by the top Makefile.
#
#   make test-board   the model's unit tests on a fake clock (C), the pyb/
#                     machine golden programs and the --board-log golden
#                     logs, free-threaded and --gil

BOARD_TEST_OBJ = $(filter-out build/obj/cli/main.o,$(OBJ))

.PHONY: test-board

build/board_model_test: tests/board/model_test.c $(BOARD_TEST_OBJ)
	$(CC) $(BASE) $(CFLAGS) -o $@ tests/board/model_test.c $(BOARD_TEST_OBJ) $(LDLIBS)

test-board: build/threadlab build/board_model_test
	build/board_model_test
	python3 tests/run_golden.py --vm build/threadlab -j $(JOBS) --timeout 30 tests/board/py
	python3 tests/run_golden.py --vm build/threadlab --vm-args=--gil -j $(JOBS) --timeout 30 tests/board/py
	python3 tests/board/run_logs.py --vm build/threadlab
	python3 tests/board/run_logs.py --vm build/threadlab --vm-args=--gil

# The board over the server's WebSocket (board events out, inputs in).
.PHONY: test-board-server
test-board-server: build/threadlab-server $(SERVER_NODE)
	node tests/board/server.mjs --server build/threadlab-server

# The board panel in the browser (Playwright, like test-web; the server
# test needs build/threadlab-server).
.PHONY: test-board-web
test-board-web: web
	node tests/web/board.mjs
