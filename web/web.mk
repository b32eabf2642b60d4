# web/web.mk -- the browser playground (included by the Makefile).
#
#   make web        build/web: index.html, app.js (esbuild bundle), style.css,
#                   wasm/ (the VM from wasm/wasm.mk)
#   make test-web   Playwright (playwright-core) driving Debian's Chromium:
#                   tests/web/run.mjs (the playground), lessons.mjs (the
#                   lessons pane, needs `make lessons`)
#
# npm packages are pinned in web/package-lock.json and installed with
# `npm ci` when the lock file changes.  The VM's glue stays outside the
# bundle: its workers load tlcore.mjs by URL, next to tlcore.wasm.

WEB_NPM     = cd web && npm ci --no-audit --no-fund --loglevel=error
WEB_MODULES = web/node_modules/.package-lock.json
WEB_JS     := $(wildcard web/src/*.js)
WEB_STATIC  = build/web/index.html build/web/style.css
WEB_WASM    = $(addprefix build/web/wasm/,threadlab.mjs tlcore.mjs tlcore.worker.js tlcore.wasm)
ESBUILD     = web/node_modules/.bin/esbuild
WEB_TEST_TIMEOUT ?= 300

.PHONY: web test-web
web: build/web/app.js $(WEB_STATIC) $(WEB_WASM)

$(WEB_MODULES): web/package.json web/package-lock.json
	$(WEB_NPM)
	@touch $@

build/web/app.js: $(WEB_JS) $(WEB_MODULES)
	@mkdir -p $(dir $@)
	$(ESBUILD) web/src/main.js --bundle --minify --format=esm --target=es2022 \
		--external:/wasm/* --legal-comments=none --log-level=warning --outfile=$@

build/web/%: web/%
	@mkdir -p $(dir $@)
	cp $< $@

# The glue is minified like the page; the wasm and the worker are copied.
build/wasm/tlcore.wasm build/wasm/tlcore.worker.js: build/wasm/tlcore.mjs ;

build/web/wasm/%.mjs: build/wasm/%.mjs $(WEB_MODULES)
	@mkdir -p $(dir $@)
	$(ESBUILD) $< --minify --format=esm --target=es2022 --log-level=error --outfile=$@

build/web/wasm/%: build/wasm/%
	@mkdir -p $(dir $@)
	cp $< $@

test-web: web lessons build/threadlab-server
	timeout $(WEB_TEST_TIMEOUT) node tests/web/run.mjs
	timeout $(WEB_TEST_TIMEOUT) node tests/web/lessons.mjs
