package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped systemd unit, as systemd's own analysis scores it. */
class ServiceUnitIT {
    private static final Path UNIT = VigilProcess.DIST.resolve("systemd/vigil.service");

    @Test
    void theShippedUnitScoresAtMostThreeAndReloadsOnSighup() throws Exception {
        Process p = new ProcessBuilder("systemd-analyze", "security", "--offline=true", UNIT.toString())
                .redirectErrorStream(true)
                .start();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("Overall exposure level for vigil.service: (\\d+\\.\\d+)")
                .matcher(report);
        assertThat(m.find()).as(report).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as(report).isLessThanOrEqualTo(3.0);

        String unit = Files.readString(UNIT);
        assertThat(unit)
                .contains("ExecReload=/bin/kill -HUP $MAINPID")
                .contains("User=vigil")
                .contains("ProtectSystem=strict")
                .contains("CapabilityBoundingSet=\n")
                .contains("SystemCallFilter=@system-service");
    }
}
