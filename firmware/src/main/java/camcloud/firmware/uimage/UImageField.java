package camcloud.firmware.uimage;

import java.util.Optional;

/**
 * A one-byte field of the uImage header ({@code os}, {@code arch}, {@code type}, {@code comp}): the
 * byte stored in the header and the name {@code mkimage} takes for it. The four enums share the
 * lookup from a stored byte.
 */
interface UImageField {

    /** The byte stored in the header. */
    int code();

    /** The name {@code mkimage -A/-O/-T/-C} takes for it. */
    String mkimageName();

    /** The constant of {@code type} stored as {@code code}, if it is one we know. */
    static <E extends Enum<E> & UImageField> Optional<E> byCode(Class<E> type, int code) {
        for (E value : type.getEnumConstants()) {
            if (value.code() == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
