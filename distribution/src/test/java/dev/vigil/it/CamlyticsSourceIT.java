package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code camlytics} source plugin in one Vigil following a second Vigil that plays the Camlytics
 * server: its events arrive with their types and channels, none missed or repeated across a restart
 * of the follower, and the follower waits (and says so) while the server is away, then catches up.
 */
class CamlyticsSourceIT {
    @TempDir
    Path serverSite;

    @TempDir
    Path followerSite;

    private static JsonNode camlyticsEvents(VigilProcess v, long sinceId) {
        return v.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.camlyticsPort
                                + "/v1/json/events?limit=1000&sinceId=" + sinceId))
                        .header("Authorization", v.auth())
                        .GET())
                .json();
    }

    private static void raise(VigilProcess v, String type, int camera, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(v.post("/WebSdk/events/RaiseEvent/" + type + "/LogicalID(Camera," + camera + ")", null)
                            .status())
                    .isEqualTo(200);
        }
    }

    private static String sourceStatus(VigilProcess v) {
        for (JsonNode i : v.get("/WebSdk/plugins").json().at("/Rsp/Result/Instances")) {
            if (i.get("Name").asText().equals("camlytics-a")) {
                return i.get("State").asText() + ": " + i.get("Message").asText();
            }
        }
        return "absent";
    }

    @Test
    void aFollowerIngestsTheServersEventsOnceAcrossRestartsOfEither() throws Exception {
        VigilProcess server = new VigilProcess(serverSite, null, false).start();
        VigilProcess follower = new VigilProcess(followerSite, null, false);
        try {
            raise(server, "ObjectEntered", 1, 2); // history before the follower exists: not ingested
            follower.addPlugin(VigilProcess.CAMLYTICS_SOURCE_JAR);
            follower.overlay("60-source", """
                    sources:
                      - name: camlytics-a
                        type: camlytics
                        settings:
                          url: http://127.0.0.1:PORT
                          user: admin
                          password: "PASSWORD"
                          timeout: 2
                    """.replace("PORT", Integer.toString(server.camlyticsPort))
                    .replace("PASSWORD", server.password()));
            follower.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sourceStatus(follower).startsWith("running"));
            Thread.sleep(1500); // the source has read the server's newest event as its starting point

            raise(server, "ObjectEntered", 1, 3);
            raise(server, "Tampering", 2, 2);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> camlyticsEvents(follower, 0).size() == 5);
            JsonNode got = camlyticsEvents(follower, 0);
            assertThat(got.get(0).get("type").asText()).isEqualTo("ObjectAppear");
            assertThat(got.get(0).get("channel_id").asText()).isEqualTo("1");
            assertThat(got.get(4).get("type").asText()).isEqualTo("Sabotage");
            assertThat(got.get(4).get("channel_name").asText()).isEqualTo("Server room camera");

            // The follower restarts while the server keeps raising: it resumes after its cursor.
            follower.stop();
            raise(server, "Loitering", 3, 4);
            follower.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> camlyticsEvents(follower, 0).size() == 9);

            // The server goes away: the follower waits and says so, then catches up when it is back.
            server.stop();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sourceStatus(follower).contains("waiting for"));
            server.start();
            raise(server, "ObjectExited", 1, 3);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> camlyticsEvents(follower, 0).size() == 12);
            assertThat(sourceStatus(follower)).contains("following");
            Thread.sleep(3000);
            assertThat(camlyticsEvents(follower, 0)).as("nothing repeated").hasSize(12);
            assertThat(follower.log()).contains("cannot follow").contains("reaches");
        } finally {
            follower.close();
            server.close();
        }
    }
}
