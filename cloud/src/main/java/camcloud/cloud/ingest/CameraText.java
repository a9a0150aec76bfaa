package camcloud.cloud.ingest;

/** Camera-supplied text in logs and Goodbye details: bounded, without control characters. */
final class CameraText {

    private CameraText() {
    }

    static String clean(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
