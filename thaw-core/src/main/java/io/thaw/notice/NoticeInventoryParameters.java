package io.thaw.notice;

/**
 * InventoryRetrievalParameters as echoed in a completed inventory job. {@code marker} is the NEXT-page
 * marker: non-null means the inventory was cut at Limit and another job with this Marker gets the rest.
 */
public record NoticeInventoryParameters(String format, String startDate, String endDate, String limit, String marker) {

    public boolean hasMore() {
        return marker != null;
    }
}
