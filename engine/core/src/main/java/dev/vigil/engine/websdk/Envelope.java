package dev.vigil.engine.websdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiResponse;
import java.nio.charset.StandardCharsets;

/**
 * The Web SDK's response envelope: {@code {"Rsp":{"Status":"Ok","Result":...}}} and
 * {@code {"Rsp":{"Status":"Fail","Result":{"SdkErrorCode":"...","Message":"..."}}}}.
 */
public final class Envelope {
    /**
     * Response records name their components in Java's camel case; the Web SDK's casing is the same
     * with a capital first letter ({@code instanceID} is written {@code InstanceID}).
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .build();

    private Envelope() {}

    private record Failure(
            @JsonProperty("SdkErrorCode") String sdkErrorCode,
            @JsonProperty("Message") String message) {}

    /** {@code {"Rsp":{"Status":"Ok"}}}: what RaiseEvent answers. */
    public static ApiResponse ok() {
        return ApiResponse.json(200, OK_EMPTY);
    }

    private static final byte[] OK_EMPTY = "{\"Rsp\":{\"Status\":\"Ok\"}}".getBytes(StandardCharsets.UTF_8);

    public static ApiResponse ok(Object result) {
        return ApiResponse.json(200, write(new OkBody(new OkRsp("Ok", result))));
    }

    /** The refusal with the status its kind has in the Web SDK, and {@code Retry-After} when it is for lack of room. */
    public static ApiResponse fail(RefusedException e) {
        ApiResponse r = fail(WebSdkErrors.status(e.kind()), e.code(), e.getMessage());
        return e.overloaded() ? r.withHeader("Retry-After", "1") : r;
    }

    public static ApiResponse fail(ErrorCode code, String message) {
        return fail(WebSdkErrors.status(code.kind()), code, message);
    }

    /** For the few answers whose status says more than the kind: 414 and 431 are both "too large". */
    public static ApiResponse fail(int status, ErrorCode code, String message) {
        return ApiResponse.json(
                status,
                write(new FailBody(new FailRsp("Fail", new Failure(WebSdkErrors.sdkErrorCode(code), message)))));
    }

    private record OkBody(@JsonProperty("Rsp") OkRsp rsp) {}

    @JsonPropertyOrder({"Status", "Result"})
    private record OkRsp(
            @JsonProperty("Status") String status,
            @JsonProperty("Result") Object result) {}

    private record FailBody(@JsonProperty("Rsp") FailRsp rsp) {}

    @JsonPropertyOrder({"Status", "Result"})
    private record FailRsp(
            @JsonProperty("Status") String status,
            @JsonProperty("Result") Failure result) {}

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response: " + e.getMessage(), e);
        }
    }
}
