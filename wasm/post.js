// post.js -- appended inside the Emscripten module closure, where the
// runtime's private state is in scope.  It exposes the few internals the
// embedding layer (wasm/api.mjs) needs and the glue does not export.

// The heap view, for copying records out of shared memory.
Module['tlwHeap'] = function () { return HEAPU8; };

// Hard stop: terminates every worker of this instance at once, whatever its
// threads are doing (a lock, a loop without safepoints).  The instance is
// unusable afterwards; the embedder drops it and creates a fresh one.
Module['tlwKill'] = function () {
  PThread.runningWorkers.concat(PThread.unusedWorkers).forEach(function (w) {
    w.terminate();
  });
  PThread.runningWorkers = [];
  PThread.unusedWorkers = [];
};

// A VM thread that traps (stack exhausted, abort) never reports its exit:
// turn worker errors and aborts into one call of the embedder's crash hook
// instead of the runtime's default (rethrowing on the main thread).
var tlwLoadWorker = PThread.loadWasmModuleToWorker;
PThread.loadWasmModuleToWorker = function (worker, onFinishedLoading) {
  tlwLoadWorker(worker, onFinishedLoading);
  worker.onerror = function (e) {
    Module['tlwCrash'](e && e.message ? e.message : 'a worker failed');
  };
};
