package dev.vigil.engine.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {
    static final Path FOLDER = Path.of("src/main/resources/console");

    private static ApiRequest get(Map<String, String> headers) {
        return new ApiRequest("GET", "/console/", Map.of(), new byte[0], null, null, 0, "h", false, headers::get, null);
    }

    @Test
    void everyFileOfTheFolderIsServedAndEveryImportIsOneOfThem() throws IOException {
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            files.forEach(p -> onDisk.add(p.getFileName().toString()));
        }
        assertThat(onDisk).containsExactlyInAnyOrderElementsOf(ConsoleAssets.FILES);
        Pattern imports = Pattern.compile("from '\\./([^']+)'");
        for (String name : ConsoleAssets.FILES) {
            if (name.endsWith(".js")) {
                Matcher m = imports.matcher(Files.readString(FOLDER.resolve(name)));
                while (m.find()) {
                    assertThat(ConsoleAssets.FILES)
                            .as(name + " imports " + m.group(1))
                            .contains(m.group(1));
                }
            }
        }
        String html = Files.readString(FOLDER.resolve("index.html"));
        // Nothing from another site, and no inline script or style the policy would block.
        assertThat(html).doesNotContain("http://", "https://", "<script>", "style=", "onclick=");
    }

    @Test
    void aFileIsRevalidatedByItsETagAndAnUnknownOneIs404() {
        ConsoleAssets assets = new ConsoleAssets();
        ApiResponse page = assets.serve("", get(Map.of()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.headers()).containsEntry("Cache-Control", "no-cache");
        String etag = page.headers().get("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        ApiResponse again = assets.serve("index.html", get(Map.of("If-None-Match", etag)));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(assets.serve("app.js", get(Map.of("If-None-Match", etag))).status())
                .isEqualTo(200);
        assertThat(assets.serve("app.js", get(Map.of())).contentType()).isEqualTo("text/javascript; charset=utf-8");
        for (String bad : List.of("../conf/users.yaml", "nope.js", "%2e%2e/x", "index.html/")) {
            assertThat(assets.serve(bad, get(Map.of())).status()).as(bad).isEqualTo(404);
        }
    }
}
