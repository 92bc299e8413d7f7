package dev.vigil.engine.websdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.engine.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/websdk.md's error table and the error catalogue say the same, both ways. */
class WebSdkErrorsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| (\\d{3}) \\|", Pattern.MULTILINE);

    @Test
    void theDocumentedErrorTableMatchesTheCatalogue() throws Exception {
        String doc = Files.readString(Path.of("../../docs/websdk.md"));
        Set<String> documented = new HashSet<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        Set<String> catalogue = Stream.of(ErrorCode.values())
                .map(c -> WebSdkErrors.sdkErrorCode(c) + " " + WebSdkErrors.status(c.kind()))
                .collect(Collectors.toSet());
        assertThat(documented)
                .as("every code of the catalogue, with its status, is in the table")
                .containsAll(catalogue);
        Set<String> names =
                Stream.of(ErrorCode.values()).map(WebSdkErrors::sdkErrorCode).collect(Collectors.toSet());
        assertThat(documented.stream().map(r -> r.split(" ")[0]).collect(Collectors.toSet()))
                .as("no documented name that the catalogue lacks")
                .isSubsetOf(names);
    }
}
