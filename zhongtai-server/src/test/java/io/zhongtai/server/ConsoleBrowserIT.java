package io.zhongtai.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in a real browser: headless Chromium driven through chromedriver (Selenium), against a real server
 * on a temporary home. Needs the Debian packages chromium and chromium-driver (.ci/run installs them); without them
 * the tests are skipped, saying so. Screenshots of every page go to target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT extends ServerTestBase {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void openBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: the console's browser tests need Debian's chromium and chromium-driver "
                        + "(/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them with apt-get");
        Files.createDirectories(SCREENSHOTS);
        sqlOk("CREATE TABLE ods.orders AS SELECT i AS id, CASE WHEN i % 3 = 0 THEN 'north' ELSE 'south' END AS region, "
                + "i * 1.5 AS amount FROM range(1, 101) t(i)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedWithTheServersMessageAndTheRightOneSignsIn() {
        browser.get(server.url() + "/");
        WebElement tokenField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        screenshot("sign-in");
        tokenField.sendKeys("not-a-token");
        button("Sign in").click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(error.getText()).contains("401").contains("Invalid or revoked token");

        tokenField.clear();
        tokenField.sendKeys(token);
        button("Sign in").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav a[aria-current=page]")));
        assertThat(browser.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Home");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Tables"));
        noErrorShown();
        screenshot("home");
    }

    @Test
    @Order(2)
    void theLanguageSwitchesToChineseAndBack() {
        new Select(browser.findElement(By.cssSelector(".who select"))).selectByValue("zh-CN");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav"), "首页"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        screenshot("home-zh-CN");
        new Select(browser.findElement(By.cssSelector(".who select"))).selectByValue("en");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav"), "Home"));
    }

    @Test
    @Order(3)
    void aQueryRunsAndItsResultBecomesAChart() {
        browser.get("about:blank");
        browser.get(server.url() + "/#/sql");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".CodeMirror")));
        // a full page load (the browser's cache may hold the files; the server revalidates the console's own)
        Object sinceNavigation = ((JavascriptExecutor) browser).executeScript("return Math.round(performance.now())");
        System.out.printf("SQL workbench editor ready %s ms after navigation started (full page load)%n", sinceNavigation);
        // completion of tables (namespace.table) and of a table's columns, as typing would trigger it
        completionsAfter("SELECT * FROM ods.ord", "ods.orders");
        screenshot("sql-completion");
        completionsAfter("SELECT ods.orders.re", "ods.orders.region");

        // edited and run in one go, as a fast Ctrl+Enter after typing: the run must use the new text
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0]);"
                + "[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Run').click()",
                "SELECT region, count(*) AS orders, sum(amount) AS amount FROM ods.orders GROUP BY region ORDER BY region");
        WebElement grid = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.grid")));
        List<String> firstRow = grid.findElements(By.cssSelector("tbody tr")).get(0).findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList();
        assertThat(firstRow).containsExactly("north", "33", "2524.5");
        screenshot("sql-result");

        tab("Chart").click();
        new Select(labelled("Chart type")).selectByValue("pie");
        WebElement chart = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".chart[role=img] canvas")));
        assertThat(chart.getSize().getHeight()).isGreaterThan(100);
        screenshot("sql-chart");
    }

    @Test
    @Order(4)
    void a100000RowResultIsPagedAndTheGridStaysResponsive() {
        tab("Results").click();
        setEditor("SELECT i, i * 2 AS doubled FROM range(100000) t(i)");
        button("Run").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pager"), "Rows 1–100 of 1,000+"));
        assertThat(browser.findElements(By.cssSelector("table.grid tbody tr"))).hasSize(100);
        long started = System.nanoTime();
        for (int page = 0; page < 12; page++) {
            button("Next").click();
        }
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pager"), "Rows 1,201–1,300 of 2,000+"));
        System.out.printf("12 result pages (one fetching 1,000 more rows from the cursor) in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(browser.findElements(By.cssSelector("table.grid tbody tr"))).hasSize(100);
    }

    @Test
    @Order(4)
    void aRunningQueryIsCancelled() {
        browser.get(server.url() + "/#/sql");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".CodeMirror")));
        setEditor("SELECT count(*) FROM range(0, 100000000000)");
        button("Run").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "Running…"));
        button("Cancel").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".toolbar [role=status]"), "Cancelled."));
        noErrorShown();
        assertThat(sqlOk("SELECT 1").get("rows").get(0).get(0).asInt()).as("the server goes on").isEqualTo(1);
    }

    @Test
    @Order(4)
    void aSavedChartIsPutOnADashboard() {
        browser.get(server.url() + "/#/sql");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".CodeMirror")));
        setEditor("SELECT region, sum(amount) AS amount FROM ods.orders GROUP BY region ORDER BY region");
        button("Run").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.grid")));
        button("Save as…").click();
        labelled("Query name").sendKeys("Amount by region");
        browser.findElement(By.xpath("//form[.//label[starts-with(normalize-space(), 'Query name')]]//button[@type='submit']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Saved \"Amount by region\"."));

        browser.get(server.url() + "/#/dashboards");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dash-name"))).sendKeys("Regions");
        button("Create dashboard").click();
        // listed with its chart type, the bar chart guessed from the result
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//label[starts-with(normalize-space(), 'Saved query to add')]"
                + "//select/option[normalize-space()='Amount by region (Bar)']"))).click();
        button("Add").click();
        button("Save").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[@role='img'][@aria-label='Chart: Amount by region']//canvas")));
        screenshot("dashboard");
        assertThat(json(get("/api/v1/dashboards")).findValuesAsText("name")).contains("Regions");
    }

    @Test
    @Order(5)
    void aFileSourceIsAddedFromItsConnectorsFormAndSynced() throws IOException {
        Path files = Files.createDirectories(home.resolve("incoming"));
        Files.writeString(files.resolve("customers.csv"), "id,name,city\n1,Ann,Berlin\n2,Bo,Shanghai\n3,Cy,Lima\n");
        browser.get(server.url() + "/#/sources?new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("source-name"))).sendKeys("incoming");
        new Select(browser.findElement(By.id("source-type"))).selectByValue("file");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("source-option-path"))).sendKeys(files.toString());
        screenshot("source-add");
        browser.findElement(By.xpath("//form//button[@type='submit']")).click();
        tab("Sync").click();
        button("Start sync").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("source-tabpanel"), "Result: succeeded, 3 rows"));
        screenshot("source-synced");
        tab("Synced tables").click();
        WebElement synced = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[@id='source-tabpanel']//a[normalize-space()='ods.incoming_customers']/ancestor::tr")));
        assertThat(synced.getText()).startsWith("customers ods.incoming_customers full").contains(" 3 ");
        assertThat(sqlOk("SELECT string_agg(name, ',' ORDER BY id) FROM ods.incoming_customers").get("rows").get(0).get(0).asText())
                .isEqualTo("Ann,Bo,Cy");
    }

    @Test
    @Order(6)
    void aPipelineRunStartedFromItsPageSucceeds() {
        HttpResponse<String> applied = post("/api/v1/pipelines", body(Map.of("file", "regions.yaml", "yaml", """
                name: regions
                nodes:
                  - name: totals
                    kind: sql
                    output: dws.region_totals
                    sql: SELECT region, count(*) AS orders, sum(amount) AS amount FROM ods.orders GROUP BY region
                    quality: [{type: not_null, column: region}, {type: unique, columns: [region]}]
                """)));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        browser.get(server.url() + "/#/pipelines/regions");
        button("Run now").click();
        WebElement state = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//h3[@id='pipeline-run-title']/following-sibling::span[contains(@class, 'badge')]")));
        wait.until(ExpectedConditions.textToBePresentInElement(state, "succeeded"));
        screenshot("pipeline-run");
        assertThat(sqlOk("SELECT sum(orders) FROM dws.region_totals").get("rows").get(0).get(0).asLong()).isEqualTo(100);

        browser.get(server.url() + "/#/quality");
        WebElement scores = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//a[normalize-space()='dws.region_totals']/ancestor::tr")));
        assertThat(scores.getText()).contains("100%");
        screenshot("quality");
        scores.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".cards"), "100%"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".chart[role=img] canvas")));
        noErrorShown();
        screenshot("quality-table");
    }

    @Test
    @Order(7)
    void aColumnsLineageShowsWhereItComesFrom() {
        browser.get(server.url() + "/#/catalog/dws.region_totals?tab=lineage");
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//label[starts-with(normalize-space(), 'Column')]//select")))).selectByValue("amount");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".chart[role=img] canvas")));
        WebElement edges = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//table[caption[normalize-space()='Lineage edges']]")));
        wait.until(ExpectedConditions.textToBePresentInElement(edges, "ods.orders"));
        assertThat(edges.getText()).contains("amount").contains("regions");
        screenshot("catalog-lineage");
    }

    @Test
    @Order(8)
    void anOlderSnapshotIsPreviewedAndTheTablesOwnerAndTagsAreEdited() {
        sqlOk("INSERT INTO ods.orders VALUES (101, 'west', 1.5)");
        browser.get(server.url() + "/#/catalog/ods.orders?tab=snapshots");
        List<WebElement> previews = wait.until(ExpectedConditions.numberOfElementsToBe(
                By.xpath("//button[starts-with(@aria-label, 'Preview snapshot')]"), 2));
        previews.get(1).click(); // newest first: the table as it was created
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pager"), "Rows 1–100 of 100"));
        screenshot("catalog-time-travel");

        // tabs by keyboard: the selected tab is the Tab stop, arrow keys move on
        tab("Snapshots").sendKeys(Keys.ARROW_RIGHT);
        wait.until(ExpectedConditions.attributeToBe(By.id("catalog-tab-files"), "aria-selected", "true"));
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Files");
        assertThat(browser.getCurrentUrl()).endsWith("tab=files");

        browser.get(server.url() + "/#/catalog/ods.orders?tab=about");
        button("Edit").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("about-owner"))).sendKeys("sales-data");
        browser.findElement(By.id("about-tags")).sendKeys("finance, daily");
        button("Save").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl.about"), "finance"));
        screenshot("catalog-about");
        JsonNode info = json(get("/api/v1/tables/ods.orders"));
        assertThat(info.get("owner").asText()).isEqualTo("sales-data");
        assertThat(List.of(info.get("tags").get(0).asText(), info.get("tags").get(1).asText())).containsExactly("finance", "daily");
    }

    @Test
    @Order(9)
    void aBackupIsMadeVerifiedAndRestoredAsANewTableAfterADryRun() {
        browser.get(server.url() + "/#/backups?new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("repo-name"))).sendKeys("local");
        browser.findElement(By.id("repo-url")).sendKeys(home.resolve("backup-repo").toUri().toString());
        browser.findElement(By.id("repo-passphrase")).sendKeys("a browser-tested passphrase");
        button("Add repository").click();
        tab("Create backup").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//div[@id='backup-tabpanel']//label[normalize-space()='ods']/input"))).click();
        panelButton("backup", "Create backup").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("backup-tabpanel"), "created: 2 tables"));

        tab("Verify").click();
        browser.findElement(By.xpath("//label[contains(normalize-space(), 'Read every object')]/input")).click();
        panelButton("backup", "Verify").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("backup-tabpanel"), "No problem found."));

        tab("Backups").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[starts-with(@aria-label, 'Show backup')]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//label[normalize-space()='ods.orders']/input"))).click();
        labelled("Restore as").sendKeys("ods.orders_restored");
        button("Preview restore (dry run)").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("backup-tabpanel"), "Dry run: nothing has been changed yet."));
        screenshot("backup-restore-plan");
        assertThat(json(get("/api/v1/namespaces/ods/tables")).findValuesAsText("table")).doesNotContain("orders_restored");
        button("Restore now").click();
        browser.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("backup-tabpanel"), "Restored 1 tables"));
        assertThat(sqlOk("SELECT count(*) FROM ods.orders_restored").get("rows").get(0).get(0).asLong()).isEqualTo(101);
    }

    @Test
    @Order(10)
    void everyPageRendersWithoutAnError() {
        for (String page : List.of("home", "sql", "dashboards", "catalog", "sources", "pipelines", "quality", "backups")) {
            browser.get(server.url() + "/#/" + page);
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("nav a[href='#/" + page + "']"), "aria-current", "page"));
            wait.until(d -> d.findElements(By.cssSelector("#main .loading")).isEmpty());
            noErrorShown();
            screenshot("page-" + page);
        }
    }

    // ------------------------------------------------------------------ helpers

    WebElement button(String text) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='" + text + "']")));
    }

    /** A button inside the panel of the tabs with this id (a tab may have the same text). */
    WebElement panelButton(String tabsId, String text) {
        return wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@id='" + tabsId + "-tabpanel']//button[normalize-space()='" + text + "']")));
    }

    WebElement tab(String text) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[@role='tab'][normalize-space()='" + text + "']")));
    }

    /** The control inside (or named by) the label with this text. */
    WebElement labelled(String label) {
        return browser.findElement(By.xpath("//label[starts-with(normalize-space(), '" + label + "')]//*[self::select or self::input or self::textarea]"));
    }

    /** Types text into the editor, asks for completions at its end, and waits for the expected one. */
    void completionsAfter(String text, String expected) {
        setEditor(text);
        ((JavascriptExecutor) browser).executeScript("const cm = document.querySelector('.CodeMirror').CodeMirror;"
                + "cm.focus(); cm.setCursor(cm.lineCount(), 0); cm.showHint({completeSingle: false})");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".CodeMirror-hints"), expected));
    }

    void setEditor(String sql) {
        ((JavascriptExecutor) browser).executeScript("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", sql);
    }

    void noErrorShown() {
        assertThat(browser.findElements(By.cssSelector("#main [role=alert]"))).as("errors shown on %s", browser.getCurrentUrl())
                .allSatisfy(e -> assertThat(e.getText()).isEmpty());
    }

    void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
