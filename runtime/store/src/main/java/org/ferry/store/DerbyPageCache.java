package org.ferry.store;

/**
 * The size of embedded Derby's page cache, from the heap the JVM may use. Derby keeps 1,000 pages per database
 * whatever the heap, and a page of a table with wide rows (the hub's entities) is 32 KiB: an incremental run's batch
 * of 500 keys spread over a table of 100,000 rows reads about that many index and data pages, so the batch's UPDATEs
 * read again from disk the pages its look-up had just read, and the record hashes' probe and update did the same
 * (6,800 page reads in a run of 1,000 changed records; docs/benchmarks.md). One rule for every embedded database
 * of the process: the engine's store and the hub's environments.
 *
 * <p>Derby reads its cache size from a system property when a database boots, for every database of the JVM. An
 * operator who sets {@value #PROPERTY} keeps their value.
 */
public final class DerbyPageCache {
    public static final String PROPERTY = "derby.storage.pageCacheSize";
    /** Derby's own default, which a small heap keeps. */
    static final int DEFAULT_PAGES = 1_000;
    /** 16,384 pages: at most 512 MiB a database if every page is a wide table's. */
    static final int MAX_PAGES = 16_384;
    /** The largest page Derby makes (a table whose rows may exceed 4 KiB). */
    static final long LARGEST_PAGE = 32 * 1024;
    /**
     * The share of the heap one database's cache may hold if all its pages were the largest: a sixteenth, so the store
     * and a hub environment together stay under an eighth of the heap.
     */
    static final int HEAP_SHARE = 16;

    private DerbyPageCache() {
    }

    /** @return the pages a database's cache holds with this much heap */
    public static int pages(long maxHeapBytes) {
        long pages = maxHeapBytes / HEAP_SHARE / LARGEST_PAGE;
        return (int) Math.max(DEFAULT_PAGES, Math.min(MAX_PAGES, pages));
    }

    /** Sets {@value #PROPERTY} for the databases booted from now on, unless it is set. */
    public static void sizeToHeap() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(pages(Runtime.getRuntime().maxMemory())));
        }
    }
}
