package dev.vigil.engine.websdk;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** What one Web SDK route does with a request whose method and path the table already matched. */
@FunctionalInterface
interface Endpoint {
    /** @param params the path template's parameters, raw (still percent-encoded) */
    CompletableFuture<ApiResponse> handle(ApiRequest req, Map<String, String> params);

    /** A route that answers at once on the calling thread. */
    static Endpoint now(BiFunction<ApiRequest, Map<String, String>, ApiResponse> f) {
        return (req, params) -> CompletableFuture.completedFuture(f.apply(req, params));
    }
}
