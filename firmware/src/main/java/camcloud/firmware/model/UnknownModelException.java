package camcloud.firmware.model;

import java.util.List;

/** A model id that no model file defines; the message lists the ids that exist. */
public final class UnknownModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String id;

    public UnknownModelException(String id, List<String> known) {
        super("unknown camera model '" + id + "' (known: " + String.join(", ", known) + ")");
        this.id = id;
    }

    /** The id that was asked for. */
    public String id() {
        return id;
    }
}
