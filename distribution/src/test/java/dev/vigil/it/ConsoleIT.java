package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator console in a real browser (headless Chromium through Selenium), against the daemon
 * started as a user starts it: log in, see an alarm raised by a rule appear without a reload in every
 * open console, acknowledge it in one and see it leave the others, forward it, read its history, see
 * a broken rule file's error, and the roles and anti-forgery checks. Each page's screenshot is written
 * to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDaemon.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT implements SharedDaemon.Setup {
    static final String GUARD = "00000004-0000-babe-0000-000000000002";
    static final String GUARD_PASSWORD = "guard-passphrase";
    VigilProcess v;
    Browser admin;
    Browser otherAdmin;
    Browser guard;

    @Override
    public void beforeStart(VigilProcess site) throws Exception {
        // A second person: an operator in the Security team, which receives the shipped alarms.
        var entities = site.conf.resolve("entities.yaml");
        String yaml = Files.readString(entities)
                .replace("userGroups:", "  - guid: " + GUARD + "\n    logicalId: 2\n    name: guard\n\nuserGroups:")
                .replace("      - LogicalID(User,1)", "      - LogicalID(User,1)\n      - LogicalID(User,2)");
        Files.writeString(entities, yaml);
    }

    @BeforeAll
    void browsers() throws Exception {
        Browser.assumeAvailable();
        // Added while the daemon runs, as an administrator would; the daemon reads users.yaml again.
        int reloads = reloads();
        Process add = VigilProcess.command(
                        "--conf", v.conf.toString(), "user", "add", "guard", "--password-stdin", "--role", "operator")
                .redirectErrorStream(true)
                .start();
        add.getOutputStream().write((GUARD_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        add.getOutputStream().close();
        String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(add.waitFor()).as(out).isZero();
        assertThat(out).contains("user guard (operator) saved");
        await().atMost(Duration.ofSeconds(15)).until(() -> reloads() > reloads);
        VigilProcess.sleep(500);
        String base = "http://127.0.0.1:" + v.port + "/console/";
        admin = new Browser(base);
        otherAdmin = new Browser(base);
        guard = new Browser(base);
    }

    @AfterAll
    void closeBrowsers() {
        for (Browser b : new Browser[] {admin, otherAdmin, guard}) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedOnTheLoginPageAndTheRightOneOpensTheAlarms() {
        admin.open("");
        admin.waitFor(By.id("login-user")).sendKeys("admin");
        admin.driver.findElement(By.id("login-password")).sendKeys("not-the-password");
        admin.driver.findElement(By.id("login-submit")).click();
        admin.waitForText(By.id("login-error"), "wrong user name or password");
        admin.screenshot("login");
        admin.driver.findElement(By.id("login-user")).clear();
        admin.login("admin", v.password());
        assertThat(admin.driver.findElement(By.id("who")).getText()).isEqualTo("admin (admin)");
        assertThat(admin.driver.findElement(By.id("login")).isDisplayed()).isFalse();
        otherAdmin.login("admin", v.password());
        guard.login("guard", GUARD_PASSWORD);
        assertThat(guard.driver.findElement(By.id("who")).getText()).isEqualTo("guard (operator)");
        // The login is an HttpOnly cookie: the page's scripts cannot read it.
        assertThat((String) admin.driver.executeScript("return document.cookie"))
                .isEmpty();
    }

    @Test
    @Order(2)
    void anAlarmRaisedByARuleAppearsInEveryOpenConsoleWithoutReloadAndLeavesThemWhenAcknowledged() {
        long id = raiseDoorForced();
        By row = By.cssSelector("#alarm-rows tr[data-instance='" + id + "']");
        for (Browser b : List.of(admin, otherAdmin, guard)) {
            b.waitFor(row);
        }
        WebElement r = admin.driver.findElement(row);
        assertThat(r.getText()).contains("Door forced open").contains("Server room door");
        r.click();
        // The door rule attaches the nearest camera: its name and stream address are on the detail panel.
        admin.waitForText(By.cssSelector("#alarm-detail .attached"), "rtsp://");
        admin.screenshot("alarms");

        admin.driver
                .findElement(row)
                .findElement(By.cssSelector("button[data-action='ack']"))
                .click();
        for (Browser b : List.of(admin, otherAdmin, guard)) {
            b.waitUntilGone(row);
        }
        JsonNode history = v.get("/WebSdk/alarms/history?limit=5").json().at("/Rsp/Result");
        JsonNode acked = find(history, id);
        assertThat(acked.get("State").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(acked.get("AckBy").asText()).isEqualTo("admin");
    }

    @Test
    @Order(3)
    void anAlarmForwardedInOneConsoleShowsItsNewRecipientInTheOthers() {
        long id = raiseDoorForced();
        By row = By.cssSelector("#alarm-rows tr[data-instance='" + id + "']");
        admin.waitFor(row)
                .findElement(By.cssSelector("button[data-action='forward']"))
                .click();
        Select to = new Select(admin.waitFor(By.id("forward-to")));
        to.selectByVisibleText("guard (user)");
        admin.driver.findElement(By.id("forward-send")).click();
        otherAdmin.waitFor(row).click();
        otherAdmin.waitForText(By.id("alarm-detail"), "guard");
        JsonNode active = v.get("/WebSdk/activealarms").json().at("/Rsp/Result");
        JsonNode a = null;
        for (JsonNode x : active) {
            if (x.get("InstanceID").asLong() == id) {
                a = x;
            }
        }
        assertThat(a).isNotNull();
        assertThat(a.toString()).contains(GUARD);

        guard.waitFor(row)
                .findElement(By.cssSelector("button[data-action='context']"))
                .click();
        WebElement text = guard.waitFor(By.id("context-text"));
        text.clear();
        text.sendKeys("guard on the way");
        guard.driver.findElement(By.id("context-save")).click();
        admin.waitForText(row, "guard on the way");
        guard.driver
                .findElement(row)
                .findElement(By.cssSelector("button[data-action='force-ack']"))
                .click();
        admin.waitUntilGone(row);
    }

    @Test
    @Order(4)
    void theHistoryShowsEachInstanceWithWhoChangedItAndWhichRule() {
        admin.menu("history");
        admin.waitFor(By.id("history-form"));
        WebElement alarm = admin.driver.findElement(By.id("h-alarm"));
        alarm.sendKeys("Door forced open");
        admin.driver.findElement(By.id("history-search")).click();
        admin.waitFor(By.cssSelector("#history tr.instance"));
        List<WebElement> rows = admin.all(By.cssSelector("#history tr.instance"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        rows.get(rows.size() - 1).click();
        WebElement changes = admin.waitFor(By.cssSelector("#history tr.changes:not([hidden])"));
        assertThat(changes.getText())
                .contains("TRIGGERED")
                .contains("ACKNOWLEDGED")
                .contains("admin")
                .contains("Door forced open triggers an alarm with the nearest camera");
        admin.screenshot("history");
        // An operator reads the same history: the door alarm is sent to its group.
        guard.menu("history");
        guard.waitFor(By.cssSelector("#history tr.instance"));
        guard.menu("alarms");
    }

    @Test
    @Order(5)
    void aBrokenRuleFileShowsItsErrorAtFileLineAndColumnWhileTheOldRulesRun() throws Exception {
        var broken = v.rules.resolve("broken.drl");
        Files.writeString(broken, """
                package broken;
                import dev.vigil.api.Event;
                rule "half written"
                when
                    $e : Event( type == "CameraMotion" &&& )
                then
                end
                """);
        try {
            admin.menu("rules");
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(() -> {
                        admin.driver.findElement(By.id("rules-refresh")).click();
                        return admin.all(By.cssSelector("li.rule-error")).stream()
                                .anyMatch(e -> e.getText().startsWith("broken.drl:5:"));
                    });
            assertThat(admin.driver.findElement(By.id("rules-attempt-status")).getText())
                    .contains("failed; the rules above keep running");
            String rules = admin.driver.findElement(By.id("firings")).getText();
            assertThat(rules).contains("Door forced open triggers");
            // Every running rule is listed, also one that never fired.
            assertThat(rules).contains("Motion off acknowledges the motion alarm motion.drl 0");
            admin.screenshot("rules");
        } finally {
            Files.delete(broken);
        }
        // The refresh redraws the page while the list is read: a row may go stale between the two.
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> {
                    admin.driver.findElement(By.id("rules-refresh")).click();
                    return admin.all(By.cssSelector("li.rule-error")).isEmpty();
                });
        // What if the door rule raised nothing: the replay of the journal shows the door alarms as missing.
        WebElement text = admin.waitFor(By.id("whatif-text"));
        new Select(admin.driver.findElement(By.id("whatif-file"))).selectByVisibleText("door.drl");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text.getAttribute("value").contains("triggerWithNearestCamera"));
        admin.driver.executeScript(
                "arguments[0].value = arguments[0].value.replace(/alarms\\.triggerWithNearestCamera\\([^;]*;/, '');",
                text);
        admin.driver.findElement(By.id("whatif-run")).click();
        admin.waitForText(By.id("whatif-summary"), "events replayed");
        assertThat(admin.driver.findElement(By.id("whatif-summary")).getText()).containsPattern("[1-9][0-9]* missing");
        admin.screenshot("whatif");
    }

    @Test
    @Order(6)
    void theEventTailShowsIncomingEventsFilteredByType() {
        admin.menu("events");
        WebElement types = admin.waitFor(By.id("ev-types"));
        types.sendKeys("DoorForcedOpen,CameraMotion");
        admin.driver.findElement(By.id("ev-source")).sendKeys("Server room door");
        admin.driver
                .findElement(By.cssSelector("#events-form button[type='submit']"))
                .click();
        admin.screenshot("events-empty");
        v.post(
                "/WebSdk/events/bulk",
                "[{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,3)\"},"
                        + "{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,1)\"}]");
        admin.waitFor(By.cssSelector("#event-rows tr"));
        admin.waitForText(By.id("event-rows"), "Server room door");
        // Camera 3's motion is of a listed type but from another source.
        assertThat(admin.driver.findElement(By.id("event-rows")).getText()).doesNotContain("CameraMotion");
        admin.screenshot("events");
        admin.menu("plugins");
        admin.waitFor(By.id("sinks"));
        admin.screenshot("plugins");
        admin.menu("health");
        admin.waitFor(By.id("chart-ingest"));
        admin.screenshot("health");
        admin.menu("alarms");
        // The door event raised an alarm: acknowledge what is left so later tests start clean.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !admin.all(By.cssSelector("#alarm-rows tr")).isEmpty());
        v.get("/WebSdk/alarm?q=ForceAcknowledgeAllAlarms()");
    }

    @Test
    @Order(7)
    void anOperatorActsOnAlarmsButChangesNothingElse() {
        guard.menu("plugins");
        guard.waitFor(By.id("deadletters"));
        assertThat(guard.all(By.cssSelector("button[data-action='retry']"))).isEmpty();
        String refused = (String) guard.async("""
                const done = arguments[arguments.length - 1];
                fetch('api/me').then(r => r.json()).then(me =>
                  fetch('api/deadletters/1/discard', {method: 'POST', headers: {'X-Vigil-Csrf': me.csrf}}))
                  .then(r => r.json().then(b => done(r.status + ' ' + b.error)));
                """);
        assertThat(refused).isEqualTo("403 only an admin may do this; you are an operator");
        String all = (String) guard.async("""
                const done = arguments[arguments.length - 1];
                fetch('api/alarms?all=1').then(r => done(String(r.status)));
                """);
        assertThat(all).isEqualTo("403");
        guard.menu("alarms");
    }

    @Test
    @Order(8)
    void aForgedRequestIsRefusedAndThePageIsServedWithItsSecurityHeaders() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + v.port + "/console/";
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(base + "api/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"admin\",\"password\":\"" + v.password() + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
        String session = cookie.substring(0, cookie.indexOf(';'));
        String csrf = VigilProcess.JSON.readTree(login.body()).get("csrf").asText();

        long id = raiseDoorForced();
        // The cookie alone, as a forged cross-site form would send it: refused.
        HttpResponse<String> noToken = http.send(
                HttpRequest.newBuilder(URI.create(base + "api/alarms/" + id + "/ack"))
                        .header("Cookie", session)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> otherSite = http.send(
                HttpRequest.newBuilder(URI.create(base + "api/alarms/" + id + "/ack"))
                        .header("Cookie", session)
                        .header("X-Vigil-Csrf", csrf)
                        .header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherSite.statusCode()).isEqualTo(403);
        assertThat(otherSite.body()).contains("another site");
        HttpResponse<String> noLogin = http.send(
                HttpRequest.newBuilder(URI.create(base + "api/alarms")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noLogin.statusCode()).isEqualTo(401);
        assertThat(noLogin.headers().firstValue("WWW-Authenticate")).isEmpty();
        HttpResponse<String> ack = http.send(
                HttpRequest.newBuilder(URI.create(base + "api/alarms/" + id + "/ack"))
                        .header("Cookie", session)
                        .header("X-Vigil-Csrf", csrf)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);

        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> h = page.headers().map();
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'")
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(h.get("Cache-Control")).containsExactly("no-cache");
        HttpResponse<String> again = http.send(
                HttpRequest.newBuilder(URI.create(base + "app.js"))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
        String appTag = again.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> cached = http.send(
                HttpRequest.newBuilder(URI.create(base + "app.js"))
                        .header("If-None-Match", appTag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
    }

    @Test
    @Order(9)
    void severalAlarmsAreAcknowledgedTogetherAndTheTitleCountsWhatIsActive() {
        admin.menu("alarms");
        admin.waitFor(By.id("alarms"));
        long first = raiseDoorForced();
        long second = raiseDoorForced();
        By one = By.cssSelector("#alarm-rows tr[data-instance='" + first + "']");
        By two = By.cssSelector("#alarm-rows tr[data-instance='" + second + "']");
        admin.waitFor(one);
        admin.waitFor(two);
        otherAdmin.waitFor(two);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> admin.driver.getTitle().startsWith("("));
        int before = admin.all(By.cssSelector("#alarm-rows tr")).size();
        assertThat(admin.driver.getTitle()).isEqualTo("(" + before + ") Vigil console");
        admin.driver.findElement(one).findElement(By.cssSelector("input.pick")).click();
        admin.driver.findElement(two).findElement(By.cssSelector("input.pick")).click();
        // Ticking a box does not open the alarm.
        assertThat(admin.driver.findElement(one).getAttribute("class")).doesNotContain("sel");
        admin.driver.findElement(By.id("ack-picked")).click();
        admin.waitForText(By.id("toast"), "ack on 2 alarm(s)");
        otherAdmin.waitUntilGone(one);
        otherAdmin.waitUntilGone(two);
        admin.waitUntilGone(two);
        assertThat(admin.driver.getTitle())
                .isEqualTo(before == 2 ? "Vigil console" : "(" + (before - 2) + ") Vigil console");
    }

    private int reloads() {
        return v.log().split("Reloading the configuration", -1).length - 1;
    }

    private long raiseDoorForced() {
        JsonNode before = v.get("/WebSdk/activealarms").json().at("/Rsp/Result");
        long max = 0;
        for (JsonNode a : before) {
            max = Math.max(max, a.get("InstanceID").asLong());
        }
        v.post("/WebSdk/events/bulk", "[{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,1)\"}]");
        long[] id = {0};
        long floor = max;
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode a : v.get("/WebSdk/activealarms").json().at("/Rsp/Result")) {
                if (a.get("Guid").asText().equals(ShippedSite.DOOR_ALARM)
                        && a.get("InstanceID").asLong() > floor) {
                    id[0] = a.get("InstanceID").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private static JsonNode find(JsonNode history, long id) {
        for (JsonNode x : history) {
            if (x.get("InstanceId").asLong() == id) {
                return x;
            }
        }
        throw new AssertionError("instance " + id + " not in " + history);
    }
}
