import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one work order (工单) against a running hotline-rules service, with nothing but the JDK.
 *
 * <p>Usage: {@code java -cp out CheckTicket BASE_URL PROFILE TICKET.json [AS_OF]}, e.g.
 * {@code java -cp out CheckTicket http://127.0.0.1:8345 moushi examples/tickets/moushi.json
 * 2026-10-20T00:00:00+08:00}. Prints the decision id (keep it: it names this verdict for a later
 * review), the profile's sha256 and how many clocks are breached and findings are violations.
 * Exit 0 when answered, 1 when the service refused the request (its error code and message are
 * printed, in Chinese and English), 2 on bad usage.
 *
 * <p>This reads the answer with two regular expressions to stay dependency-free. A production
 * client is generated from docs/en/openapi.json with openapi-generator (docs/en/service.md).
 */
public final class CheckTicket {
    private CheckTicket() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: CheckTicket BASE_URL PROFILE TICKET.json [AS_OF]");
            System.exit(2);
        }
        String ticket = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        String body = "{\"profile\":" + quote(args[1]) + ",\"ticket\":" + ticket
                + (args.length == 4 ? ",\"as_of\":" + quote(args[3]) : "") + "}";

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0] + "/v1/check"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response =
                client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String json = response.body();

        if (response.statusCode() != 200) {
            System.err.println("HTTP " + response.statusCode() + " [" + field(json, "code") + "] "
                    + field(json, "message_zh") + " / " + field(json, "message_en"));
            System.exit(1);
        }
        System.out.println("decision_id=" + field(json, "decision_id"));
        System.out.println("profile=" + field(json, "profile_id"));
        System.out.println("profile_sha256=" + field(json, "profile_sha256"));
        System.out.println("estimated=" + json.contains("\"estimated\":true"));
        System.out.println("breached=" + count(json, "\"state\":\"breached\""));
        System.out.println("violations=" + count(json, "\"severity\":\"violation\""));
    }

    /** A JSON string literal (the profile name and as-of are plain ASCII in practice). */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The first string member {@code name} of the answer, or "" (a sketch, not a JSON parser). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static int count(String json, String needle) {
        int n = 0;
        for (int i = json.indexOf(needle); i >= 0; i = json.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
