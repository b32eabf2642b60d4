from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
fetch_all = need(load(), "fetch_all")
for run in range(3):
    tally = Tally()

    def fetch(url):
        tally.enter()
        time.sleep(0.1)
        tally.leave()
        return "<page %s>" % url

    urls = ["u%d-%d" % (run, i) for i in range(6)]
    start = time.monotonic()
    pages = within(3, "fetch_all() did not return within 3 s", fetch_all,
                   urls, fetch)
    took = time.monotonic() - start
    if pages != ["<page %s>" % u for u in urls]:
        fail("fetch_all(%r) returned %r; keep the pages in the order of the "
             "urls and join every thread before returning" % (urls, pages))
    if took > 0.4 or tally.peak < 3:
        fail("6 fetches of 0.1 s took %.2f s (at most %d at a time): start a "
             "Thread per url, then join them all" % (took, tally.peak))
ok()
