package com.cordiul.e2e;

import com.cordiul.core.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through Debian's {@code chromium-driver}, both named by path so that Selenium
 * Manager never looks for (or downloads) a browser or a driver of its own.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final String MISSING = "Chromium is not installed (" + BROWSER + ", " + DRIVER + "): "
            + "apt-get install chromium chromium-driver";

    private HeadlessChromium() {
    }

    /**
     * Whether both are installed. Under CI ({@code CI=true}), whose {@code .ci/run} installs them, their absence
     * fails the test instead.
     */
    static boolean installed() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!installed && "true".equalsIgnoreCase(Environment.getOrDefault("CI", ""))) {
            Assertions.fail(MISSING + "; .ci/run installs them before the tests");
        }
        return installed;
    }

    /** Skips the calling test, saying why, on a developer's machine without Chromium (never under CI). */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), MISSING + " (browser test skipped: CI is not set)");
    }

    /** A fresh headless browser with its own profile folder; the caller quits it. */
    static ChromeDriver start(Path profile, int width, int height) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + width + "," + height));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
