package org.ferry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A run an admin meets at scale, in ConsoleIT's browser and project: tens of thousands of records with a total from
 * the source, watched live (done of total, percentage), then 1,200 failures of one cause triaged: one group with its
 * count, its records paged, one found by its business key with the record as read, and the group exported as CSV.
 * The source file gets the extra rows for this run only.
 */
final class TriageSteps {
    static final int LOADED = 50_000;
    static final int NOWHERE = 1_200;
    private final Browser browser;

    TriageSteps(Browser browser) {
        this.browser = browser;
    }

    /** @param accountsCsv the project's source file, which holds {@code accounts} rows now */
    void watchARunLiveThenTriageItsFailures(Path accountsCsv, int accounts) throws Exception {
        String original = Files.readString(accountsCsv);
        StringBuilder more = new StringBuilder(original);
        for (int i = 0; i < LOADED; i++) {
            more.append(String.format("ACC-L%05d,Loaded %d,Alabama%n", i, i));
        }
        for (int i = 0; i < NOWHERE; i++) {
            more.append(String.format("ACC-N%04d,Nowhere %d,Neverland %d%n", i, i, i));
        }
        Files.writeString(accountsCsv, more);
        try {
            openProject();
            browser.click("Run");
            browser.heading("Run of");
            int total = accounts + LOADED + NOWHERE;
            // live: while the run goes, the first leg says done of total and the percentage, from the source's count
            Pattern live = Pattern.compile("([\\d,]+) of " + String.format("%,d", total) + " records \\((\\d+)%\\)");
            String[] seen = browser.await(d -> {
                List<WebElement> badge = d.findElements(By.cssSelector("h1 .badge"));
                List<WebElement> words = d.findElements(By.cssSelector(".progress-words"));
                if (badge.isEmpty() || words.isEmpty() || !badge.get(0).getText().equals("RUNNING")) {
                    return null;
                }
                Matcher m = live.matcher(words.get(0).getText());
                List<WebElement> bar = d.findElements(By.cssSelector("[role=progressbar]"));
                // read with the words, in one look: the live view re-renders the bar as the run goes
                return m.find() && Integer.parseInt(m.group(2)) < 100 && !bar.isEmpty()
                        ? new String[] {words.get(0).getText(), bar.get(0).getAttribute("aria-valuemax")} : null;
            }, Duration.ofSeconds(60));
            browser.screenshot("27-live-progress");
            assertEquals(String.valueOf(total), seen[1], "the bar's end is the source's count: " + seen[0]);
            String status = browser.await(d -> {
                String text = d.findElement(By.cssSelector("h1 .badge")).getText();
                return List.of("COMPLETED", "WARNING", "ERROR").contains(text) ? text : null;
            }, Duration.ofSeconds(180));
            assertEquals("WARNING", status, browser.driver.findElement(By.tagName("main")).getText());

            // causes first: 1,200 failures of one cause are one row
            WebElement group = browser.await(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".triage .groups tbody tr:first-child")));
            String row = group.getText();
            assertTrue(row.startsWith(String.format("%,d", NOWHERE)), row);
            assertTrue(row.contains("is not in the value map") && row.contains("Address1_StateOrProvince"), row);
            assertTrue(row.contains("ACC-N0000, ACC-N0001"), "the first keys: " + row);
            Object height = browser.driver.executeScript("return document.documentElement.scrollHeight");
            assertTrue(((Number) height).intValue() < 4000, "the page stays short whatever the failures: " + height + " px");
            browser.screenshot("28-triage-groups");
            browser.click(group.findElement(By.tagName("button")));
            browser.waitForText("Records 1–50 of " + String.format("%,d", NOWHERE) + ".");

            // one record by its business key (any case), with the record as read
            WebElement search = browser.byAria("Search records by business key or text");
            browser.type(search, "acc-n0777");
            browser.click("Search");
            browser.waitForText("Records 1–1 of 1 matching 'acc-n0777'.");
            browser.click("ACC-N0777");
            WebElement detail = browser.await(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//tr[contains(@class,'detail')][contains(., 'Record as read')]")));
            assertTrue(detail.getText().contains("Neverland 777"), detail.getText());
            assertTrue(detail.getText().contains("Nothing was sent"), "it failed while mapped: " + detail.getText());
            browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", detail);
            browser.screenshot("29-triage-record");

            // the whole group as CSV
            browser.type(search, "");
            browser.click("Search");
            browser.waitForText("Records 1–50 of " + String.format("%,d", NOWHERE) + ".");
            String runId = browser.driver.getCurrentUrl().replaceAll(".*#/runs/", "");
            browser.click("Export CSV");
            Path csv = browser.download("run-" + runId + "-errors-filtered.csv", Duration.ofSeconds(30));
            List<String> lines = Files.readAllLines(csv);
            assertEquals(NOWHERE + 1, lines.size(), "a header and every record of the group");
            assertTrue(lines.get(0).startsWith("task,leg,kind,businessKey"), lines.get(0));
            assertTrue(lines.stream().anyMatch(l -> l.contains("ACC-N0777") && l.contains("Neverland 777")));
        } finally {
            Files.writeString(accountsCsv, original);
        }
    }

    private void openProject() {
        browser.go("#/projects");
        browser.heading("Projects");
        browser.click(browser.await(ExpectedConditions.elementToBeClickable(By.partialLinkText("Accounts → hub"))));
        browser.heading("Accounts → hub");
    }
}
