// library.js -- the two JavaScript functions the WebAssembly host calls.
//
// Both are proxied to the main thread by the Emscripten runtime, so the VM's
// worker threads never touch the page directly: the wake-up is posted
// asynchronously (the VM thread goes on running), a module read is
// synchronous (the VM thread waits for the answer, which is what an import
// needs).  The functions themselves only call hooks that wasm/post.js and
// the embedder install on the Module object.
mergeInto(LibraryManager.library, {
  tlw_js_wake__proxy: 'async',
  tlw_js_wake: function () {
    Module['tlwWake']();
  },

  tlw_js_read_file__proxy: 'sync',
  tlw_js_read_file__deps: ['malloc'],
  tlw_js_read_file: function (pathPtr, lenPtr) {
    var hook = Module['readFile'];
    var data = hook ? hook(UTF8ToString(pathPtr)) : null;
    if (!data) return 0;
    var p = _malloc(data.length + 1);
    if (!p) return 0;
    HEAPU8.set(data, p);
    HEAPU8[p + data.length] = 0;
    HEAPU32[lenPtr >> 2] = data.length;
    return p;
  },
});
