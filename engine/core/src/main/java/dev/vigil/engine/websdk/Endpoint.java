package dev.vigil.engine.websdk;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What one Web SDK route does with a request whose method and path the table already matched. */
@FunctionalInterface
interface Endpoint {
    /** @param params the path template's parameters, raw (still percent-encoded) */
    CompletableFuture<ApiResponse> handle(ApiRequest req, Map<String, String> params);
}
