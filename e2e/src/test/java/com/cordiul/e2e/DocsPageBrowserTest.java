package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.runner.LocalOptions;
import com.cordiul.local.runner.LocalStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The interactive API docs of the local stack in a real browser: every operation of openapi.yaml is on the page,
 * the Authorize dialog takes an API key, and "Try it out" reaches the local API. Leaves a screenshot in
 * {@code e2e/target/screenshots/docs.png}.
 */
class DocsPageBrowserTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static ChromeDriver browser;
    private static String key;

    @BeforeAll
    static void start() {
        if (!HeadlessChromium.installed()) {
            return;
        }
        stack = LocalStack.start(LocalOptions.defaults(ROOT.resolve("template.yaml")).withWorkDir(dir.resolve("work")));
        String table = stack.environment("ListApiKeysFunction").get("API_KEYS_TABLE");
        try (DynamoDbClient dynamoDb = stack.dynamoDb()) {
            key = ApiKeyService.over(dynamoDb, table)
                    .issue("docs-browser-test", new NewApiKey("docs browser test", Permission.all())).key();
        }
        browser = HeadlessChromium.start(dir.resolve("chromium-profile"), 1280, 1400);
    }

    @BeforeEach
    void chromium() {
        HeadlessChromium.assumeInstalled();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void docsPage_listsEveryOperation_andTryItOutCallsTheLocalApiWithTheKey() throws IOException {
        browser.get(stack.url() + "/docs/");
        Set<String> documented = documentedOperations();
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(b -> b.findElements(By.cssSelector(".opblock")).size() >= documented.size());

        Set<String> listed = new TreeSet<>();
        for (WebElement operation : browser.findElements(By.cssSelector(".opblock"))) {
            listed.add(operation.findElement(By.cssSelector(".opblock-summary-method")).getText() + " "
                    + operation.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path") + " "
                    + operation.findElement(By.cssSelector(".opblock-summary-operation-id")).getText());
        }
        assertThat(listed).isEqualTo(documented);
        assertThat(browser.findElement(By.cssSelector(".servers select option")).getAttribute("value"))
                .isEqualTo(stack.url().toString());

        authorize(wait);
        WebElement listKeys = operation("listApiKeys");
        listKeys.findElement(By.cssSelector(".opblock-summary-control")).click();
        // Looked up inside the wait: the expanded operation renders its controls a moment after the click.
        wait.until(b -> displayed(listKeys, By.cssSelector(".try-out__btn"))).click();
        wait.until(b -> displayed(listKeys, By.cssSelector(".btn.execute"))).click();
        By liveStatus = By.cssSelector(".live-responses-table .response .response-col_status");
        wait.until(b -> !listKeys.findElements(liveStatus).isEmpty());
        assertThat(listKeys.findElement(liveStatus).getText()).isEqualTo("200");
        By liveBody = By.cssSelector(".live-responses-table .response .response-col_description");
        assertThat(listKeys.findElement(liveBody).getText()).contains("\"success\": true", "docs browser test");
        assertThat(listKeys.findElement(By.cssSelector(".request-url pre")).getText())
                .isEqualTo(stack.url() + "/api/api-keys");

        assertThat(loadedResources()).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(stack.url() + "/"));
        screenshot(ROOT.resolve("e2e/target/screenshots/docs.png"));
    }

    /** Fills both security schemes with the key in the Authorize dialog. */
    private static void authorize(WebDriverWait wait) {
        browser.findElement(By.cssSelector(".auth-wrapper .btn.authorize")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
        dialog.findElement(By.id("auth-bearer-value")).sendKeys(key);
        dialog.findElement(By.id("api_key_value")).sendKeys(key);
        // One Authorize button per scheme; each click re-renders the dialog, so find the next one afresh.
        By apply = By.cssSelector(".auth-btn-wrapper .btn.authorize");
        for (int schemes = 0; schemes < 2; schemes++) {
            wait.until(ExpectedConditions.elementToBeClickable(apply)).click();
            int left = 1 - schemes;
            wait.until(b -> b.findElements(apply).size() == left);
        }
        assertThat(dialog.findElements(By.xpath(".//button[normalize-space()='Logout']"))).hasSize(2);
        dialog.findElement(By.cssSelector(".btn-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
        assertThat(browser.findElement(By.cssSelector(".auth-wrapper .btn.authorize")).getAttribute("class"))
                .contains("locked");
    }

    private static WebElement operation(String operationId) {
        return browser.findElements(By.cssSelector(".opblock")).stream()
                .filter(o -> o.findElement(By.cssSelector(".opblock-summary-operation-id")).getText()
                        .equals(operationId))
                .findFirst().orElseThrow();
    }

    /** "METHOD path operationId" of every operation in openapi.yaml. */
    private static Set<String> documentedOperations() throws IOException {
        JsonNode paths = new YAMLMapper().readTree(ROOT.resolve("openapi.yaml").toFile()).path("paths");
        Set<String> operations = new TreeSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().has("operationId")) {
                operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " "
                        + op.getValue().path("operationId").asText());
            }
        }));
        assertThat(operations).isNotEmpty();
        return operations;
    }

    /** Every URL the page loaded (scripts, styles, images, the spec, the API call). */
    @SuppressWarnings("unchecked")
    private static List<String> loadedResources() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [document.URL].concat(performance.getEntriesByType('resource').map(e => e.name));");
    }

    /** The whole page, at most 6000 pixels tall, kept as a build artifact. */
    private static void screenshot(Path file) throws IOException {
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return Math.ceil(document.documentElement.scrollHeight);");
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height, 6000)));
        Files.createDirectories(file.getParent());
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    }

    /** The first displayed and enabled element below {@code parent}, or null while there is none. */
    private static WebElement displayed(WebElement parent, By selector) {
        return parent.findElements(selector).stream().filter(e -> e.isDisplayed() && e.isEnabled()).findFirst()
                .orElse(null);
    }
}
