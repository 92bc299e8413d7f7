package dev.vigil.engine.camlytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.engine.entity.EventTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/camlytics.md's event type table and the mapping in the code say the same. */
class CamlyticsEventTypesTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\| (\\w+)[ |(]", Pattern.MULTILINE);

    @Test
    void theDocumentedTableIsTheMappingAndEveryVigilTypeExists() throws Exception {
        String doc = Files.readString(Path.of("../../docs/camlytics.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            if (!m.group(1).equals("Camlytics")) {
                documented.put(m.group(1), m.group(2));
            }
        }
        assertThat(documented).isEqualTo(CamlyticsEventTypes.mapping());
        for (String vigil : documented.values()) {
            assertThat(EventTypes.find(vigil)).as(vigil).isPresent();
        }
    }

    @Test
    void namesGoBothWaysAndUnknownCameraTypesKeepVigilsName() {
        assertThat(CamlyticsEventTypes.vigilType("objectappear")).contains("ObjectEntered");
        assertThat(CamlyticsEventTypes.vigilType("Tampering")).contains("Tampering");
        assertThat(CamlyticsEventTypes.vigilType("NoSuchThing")).isEmpty();
        assertThat(CamlyticsEventTypes.camlyticsName("ObjectEntered")).isEqualTo("ObjectAppear");
        assertThat(CamlyticsEventTypes.camlyticsName("CameraMotion")).isEqualTo("MotionInRegionOn");
        assertThat(CamlyticsEventTypes.camlyticsName("LprRead")).isEqualTo("LprRead");
    }
}
