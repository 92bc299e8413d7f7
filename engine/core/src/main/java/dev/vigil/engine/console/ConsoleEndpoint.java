package dev.vigil.engine.console;

import dev.vigil.engine.http.ApiResponse;
import java.util.concurrent.CompletableFuture;

/** One console endpoint. Refusals are thrown as {@link dev.vigil.engine.error.RefusedException}. */
@FunctionalInterface
interface ConsoleEndpoint {
    CompletableFuture<ApiResponse> handle(ConsoleCall call);
}
