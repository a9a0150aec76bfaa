package camcloud.cloud.event;

/** Camera-supplied text in logs: bounded, without control characters. */
final class EventText {

    private EventText() {
    }

    static String clean(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
