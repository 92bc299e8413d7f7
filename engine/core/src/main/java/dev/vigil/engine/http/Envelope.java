package dev.vigil.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Web SDK's response envelope: {@code {"Rsp":{"Status":"Ok","Result":...}}} and
 * {@code {"Rsp":{"Status":"Fail","Result":{"SdkErrorCode":"...","Message":"..."}}}}.
 */
public final class Envelope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {
    }

    /** {@code {"Rsp":{"Status":"Ok"}}}: what RaiseEvent answers. */
    public static ApiResponse ok() {
        return ApiResponse.json(200, write(Map.of("Rsp", Map.of("Status", "Ok"))));
    }

    public static ApiResponse ok(Object result) {
        Map<String, Object> rsp = new LinkedHashMap<>();
        rsp.put("Status", "Ok");
        rsp.put("Result", result);
        return ApiResponse.json(200, write(Map.of("Rsp", rsp)));
    }

    public static ApiResponse fail(int status, String sdkErrorCode, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("SdkErrorCode", sdkErrorCode);
        result.put("Message", message);
        Map<String, Object> rsp = new LinkedHashMap<>();
        rsp.put("Status", "Fail");
        rsp.put("Result", result);
        return ApiResponse.json(status, write(Map.of("Rsp", rsp)));
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response: " + e.getMessage(), e);
        }
    }
}
