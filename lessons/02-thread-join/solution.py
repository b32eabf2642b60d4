# Lesson 2: threading.Thread and join.
import threading
import time


def fetch(url):
    time.sleep(0.1)             # the network is slow
    return "<page %s>" % url


def fetch_all(urls, fetch=fetch):
    """Every page, fetched concurrently, in the order of urls."""
    pages = [None] * len(urls)

    def fetch_into(i, url):
        pages[i] = fetch(url)   # each thread writes only its own slot

    threads = [threading.Thread(target=fetch_into, args=(i, url))
               for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pages


if __name__ == "__main__":
    start = time.perf_counter()
    print(fetch_all(["a", "b", "c", "d"]))
    print("%.2f s" % (time.perf_counter() - start))
