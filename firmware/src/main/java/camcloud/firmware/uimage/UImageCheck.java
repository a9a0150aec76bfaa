package camcloud.firmware.uimage;

/**
 * The verdict {@code bootm} reaches on an image: boot it, or return to the script with a message.
 *
 * @param status  the check that decided
 * @param message U-Boot's wording ("Bad Data CRC…") or {@code OK}
 * @param header  the header when the image is good, else {@code null}
 */
public record UImageCheck(Status status, String message, UImageHeader header) {

    public enum Status { OK, BAD_MAGIC, BAD_HEADER_CRC, TRUNCATED, BAD_DATA_CRC, UNSUPPORTED }

    public boolean ok() {
        return status == Status.OK;
    }
}
