package org.ferry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What a user does about a failed record, in ConsoleIT's browser and project: preview the task to see the
 * record fail before any run writes, fix the source file, and retry only the failed records from the run
 * page. Its own class so ConsoleIT stays readable; it shares ConsoleIT's server because starting another
 * one would double the suite's time.
 */
final class FixAndReplaySteps {
    private final Browser browser;

    FixAndReplaySteps(Browser browser) {
        this.browser = browser;
    }

    /** From any project page: the Tasks tab, Preview, and the Atlantis row with its field and message. */
    void previewShowsTheFailedRecord(String screenshot) throws Exception {
        browser.click(browser.driver.findElement(By.linkText("Tasks")));
        browser.waitForText("Mappings of Accounts");
        browser.click("Preview");
        WebElement failed = browser.await(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[contains(@class,'preview-table')]//tr[contains(@class,'pv-failed')][contains(., 'ACC-ATL')]")),
                Duration.ofSeconds(30));
        String text = failed.getText();
        assertTrue(text.contains("Failed"), text);
        assertTrue(text.contains("Address1_StateOrProvince"), "the field at fault: " + text);
        assertTrue(text.contains("'Atlantis' is not in the value map"), "the message: " + text);
        assertEquals(browser.driver.switchTo().activeElement(), browser.driver.findElement(By.cssSelector(".preview h2")),
                "the preview's heading takes the focus, so keyboard users land on the results");
        assertTrue(browser.all("tr.pv-ok").size() >= 5, "the records before it map fine");
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", failed);
        browser.screenshot(screenshot);
        // "Only failed and skipped" leaves the one bad record of the first 20
        browser.click(browser.byLabel("Only failed and skipped records"));
        browser.await(d -> d.findElements(By.cssSelector("tr.pv-ok")).isEmpty());
        assertEquals(1, browser.all("tr.pv-failed").size());
    }

    /** Fixes the record at the source, then retries the failed records of the newest run from its page. */
    void retryFailedRecordsAfterTheFix(Path accountsCsv) throws Exception {
        Files.writeString(accountsCsv, Files.readString(accountsCsv).replace("ACC-ATL,Lost city,Atlantis", "ACC-ATL,Lost city,Alaska"));
        browser.click(browser.driver.findElement(By.linkText("Execution history")));
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.chart")));
        WebElement newest = browser.await(ExpectedConditions.elementToBeClickable(By.cssSelector("table tbody tr:first-child td:first-child a")));
        browser.click(newest);
        browser.heading("Run of");
        String original = browser.driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        browser.click("Retry failed records");
        browser.await(d -> !d.getCurrentUrl().endsWith(original));
        // the address changes before the page does: wait for the replay's own page, or the badge read is the original's
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".replay-of a")));
        String status = browser.await(d -> {
            String text = d.findElement(By.cssSelector("h1 .badge")).getText();
            return List.of("COMPLETED", "WARNING", "ERROR").contains(text) ? text : null;
        }, Duration.ofSeconds(60));
        // the page is drawn again while the run progresses: find the link on the final page
        WebElement replayOf = browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".replay-of a")));
        assertEquals("COMPLETED", status, browser.driver.findElement(By.tagName("main")).getText());
        assertTrue(replayOf.getAttribute("href").endsWith("#/runs/" + original), replayOf.getAttribute("href"));
        WebElement bar = browser.driver.findElement(By.cssSelector("[role=progressbar]"));
        assertEquals("1", bar.getAttribute("aria-valuenow"), "only the failed record was read again");
        browser.waitForText("1 read · 1 inserted · 0 updated · 0 unchanged · 0 skipped · 0 failed");
        assertTrue(browser.all("button").stream().noneMatch(b -> b.getText().equals("Retry failed records")), "nothing left to retry");
        browser.screenshot("19-replay");
        // the history names the replay's original run
        browser.click(browser.driver.findElement(By.xpath("//p[@class='crumbs']/a[2]")));
        WebElement replayRow = browser.await(ExpectedConditions.visibilityOfElementLocated(By.xpath("//td[starts-with(normalize-space(), 'replay of')]/a")));
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", replayRow);
        browser.screenshot("20-history-with-replay");
    }
}
