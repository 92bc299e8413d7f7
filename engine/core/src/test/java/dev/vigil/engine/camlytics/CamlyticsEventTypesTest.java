package dev.vigil.engine.camlytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.CamlyticsNames;
import dev.vigil.api.EntityInfo;
import dev.vigil.engine.entity.EventTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    void aChannelIsTheMappedCameraThenTheSameNamedOneThenTheOneWithItsLogicalId() {
        UUID lobby = UUID.randomUUID();
        UUID dock = UUID.randomUUID();
        List<EntityInfo> site = List.of(
                new EntityInfo(lobby, "Camera", 1, "Lobby camera"),
                new EntityInfo(dock, "Camera", 3, "Loading dock camera"),
                new EntityInfo(UUID.randomUUID(), "Door", 7, "Seven"));
        Map<String, String> map =
                Map.of("cam-9", "LogicalID(Camera,3)", "cam-g", "{" + lobby + "}", "bad", "LogicalID(Camera,8)");
        assertThat(CamlyticsNames.camera(site, map, "cam-9", "Lobby camera"))
                .map(EntityInfo::guid)
                .contains(dock);
        assertThat(CamlyticsNames.camera(site, map, "cam-g", ""))
                .map(EntityInfo::guid)
                .contains(lobby);
        assertThat(CamlyticsNames.camera(site, map, "bad", "Lobby camera"))
                .as("a mapping wins, even a wrong one")
                .isEmpty();
        assertThat(CamlyticsNames.camera(site, map, "5", "LOBBY CAMERA"))
                .map(EntityInfo::guid)
                .contains(lobby);
        assertThat(CamlyticsNames.camera(site, map, "3", "Elsewhere"))
                .map(EntityInfo::guid)
                .contains(dock);
        assertThat(CamlyticsNames.camera(site, map, "7", "Seven"))
                .as("only cameras are channels")
                .isEmpty();
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
