package camcloud.cloud.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The JSON object of a request body, read defensively: the body is untrusted input, so every way it
 * can be wrong — too big, not JSON, not an object, a field missing, of the wrong type, too long,
 * or unknown — becomes an {@link ApiError} that names the problem, never a 500.
 *
 * <p>Unknown fields are refused rather than ignored: a typo ({@code "nmae"}) gets a clear answer
 * instead of a silent no-op.
 */
final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final JsonNode object;

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /**
     * Reads the body of {@code ctx}: at most {@code maxBytes}, {@code Content-Type: application/json},
     * a JSON object whose fields are all among {@code allowed}.
     */
    static JsonBody read(Context ctx, int maxBytes, Set<String> allowed) {
        JsonBody body = readObject(ctx, maxBytes);
        for (Iterator<String> names = body.object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("unknown field '" + printable(name) + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return body;
    }

    /**
     * Reads the body of {@code ctx} as {@link #read} does, but takes any field name: for a body whose
     * names are data (camera settings by key), checked by the caller.
     */
    static JsonBody readObject(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw ApiError.tooLarge("request body is larger than " + maxBytes + " bytes");
        }
        byte[] bytes = readAtMost(ctx, maxBytes);
        if (bytes.length == 0) {
            throw ApiError.badRequest("request body is missing: expected a JSON object");
        }
        String type = ctx.header("Content-Type");
        if (!isJson(type)) {
            throw ApiError.unsupportedMediaType("Content-Type must be application/json"
                    + (type == null ? "" : ", was '" + printable(type) + "'"));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("request body is not valid JSON");
        } catch (IOException e) {
            throw ApiError.badRequest("request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("request body must be a JSON object");
        }
        return new JsonBody(node);
    }

    /**
     * {@code application/json} in any case, with or without parameters ({@code ; charset=utf-8}) —
     * and not a type that merely starts like it ({@code application/jsonx},
     * {@code application/json-patch+json}).
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.strip().toLowerCase(Locale.ROOT).equals("application/json");
    }

    /** A required string field, stripped of surrounding blanks, 1 to {@code maxLength} characters. */
    String requiredString(String field, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badRequest("field '" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("field '" + field + "' must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw ApiError.badRequest("field '" + field + "' must not be empty");
        }
        if (text.length() > maxLength) {
            throw ApiError.badRequest("field '" + field + "' must be at most " + maxLength + " characters");
        }
        return text;
    }

    /** A required boolean field ({@code true} or {@code false}). */
    boolean requiredBoolean(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badRequest("field '" + field + "' is required");
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequest("field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    /** An optional whole number from {@code min} to {@code max}; absent or null is empty. */
    OptionalLong optionalLong(String field, long min, long max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiError.badRequest("field '" + field + "' must be a whole number");
        }
        long n = value.longValue();
        if (n < min || n > max) {
            throw ApiError.badRequest("field '" + field + "' must be from " + min + " to " + max);
        }
        return OptionalLong.of(n);
    }

    /** Whether the body has {@code field}, null or not. */
    boolean has(String field) {
        return object.has(field);
    }

    /**
     * Every field as text: a string as it is, a number as written ({@code 10}, {@code -2.5}), a boolean
     * as {@code true}/{@code false}; anything else (null, array, object) is refused, naming the field.
     */
    java.util.Map<String, String> scalars() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Iterator<java.util.Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                out.put(field.getKey(), value.textValue());
            } else if (value.isNumber()) {
                out.put(field.getKey(), value.isIntegralNumber() ? value.bigIntegerValue().toString()
                        : value.decimalValue().toPlainString());
            } else if (value.isBoolean()) {
                out.put(field.getKey(), Boolean.toString(value.booleanValue()));
            } else {
                throw ApiError.badRequest("field '" + printable(field.getKey())
                        + "' must be a string, a number or true/false");
            }
        }
        return out;
    }

    /** An optional JSON number from {@code min} to {@code max} (a string is refused); absent or null is empty. */
    java.util.OptionalDouble optionalNumber(String field, double min, double max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return java.util.OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw ApiError.badRequest("field '" + field + "' must be a number");
        }
        double n = value.doubleValue();
        if (!Double.isFinite(n) || n < min || n > max) {
            throw ApiError.badRequest("field '" + field + "' must be from " + plain(min) + " to " + plain(max));
        }
        return java.util.OptionalDouble.of(n);
    }

    /** An optional boolean field; absent or null is {@code otherwise}. */
    boolean optionalBoolean(String field, boolean otherwise) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequest("field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * An optional array of strings, each 1 to {@code maxLength} characters, at most {@code maxItems};
     * absent or null is empty.
     */
    java.util.Optional<java.util.List<String>> optionalStrings(String field, int maxItems, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isArray()) {
            throw ApiError.badRequest("field '" + field + "' must be an array of strings");
        }
        if (value.size() > maxItems) {
            throw ApiError.badRequest("field '" + field + "' may hold at most " + maxItems + " items");
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isEmpty() || item.textValue().length() > maxLength) {
                throw ApiError.badRequest("field '" + field + "' must hold strings of 1 to " + maxLength
                        + " characters");
            }
            out.add(item.textValue());
        }
        return java.util.Optional.of(out);
    }

    /**
     * An optional array of JSON objects, at most {@code maxItems}, each read like a body whose fields
     * are all among {@code allowed}; absent or null is empty.
     */
    java.util.Optional<java.util.List<JsonBody>> optionalObjects(String field, int maxItems, Set<String> allowed) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isArray()) {
            throw ApiError.badRequest("field '" + field + "' must be an array of objects");
        }
        if (value.size() > maxItems) {
            throw ApiError.badRequest("field '" + field + "' may hold at most " + maxItems + " items");
        }
        java.util.List<JsonBody> out = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw ApiError.badRequest("field '" + field + "' must be an array of objects");
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw ApiError.badRequest("unknown field '" + printable(name) + "' in '" + field + "'; allowed: "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
            out.add(new JsonBody(item));
        }
        return java.util.Optional.of(out);
    }

    private static byte[] readAtMost(Context ctx, int maxBytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw ApiError.tooLarge("request body is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("request body could not be read");
        }
    }

    /** A name or value as it may appear in an error message: short, no control characters. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
