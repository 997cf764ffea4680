package org.ferry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The history page kept current by the server's events: a schedule set to fire within a minute, the history left
 * open, and the scheduled run appearing in it without a reload or a click; then the schedule removed, confirmed.
 */
final class LiveHistorySteps {
    private final Browser browser;

    LiveHistorySteps(Browser browser) {
        this.browser = browser;
    }

    void historyUpdatesWhileAScheduleFires(String projectName) throws Exception {
        browser.go("#/projects");
        browser.heading("Projects");
        browser.click(browser.await(ExpectedConditions.elementToBeClickable(By.partialLinkText(projectName))));
        browser.heading(projectName);
        browser.click(browser.driver.findElement(By.linkText("Scheduling")));
        browser.waitForText("No schedule");
        browser.type(browser.byLabel("Run every"), "1");
        new Select(browser.byLabel("Unit")).selectByValue("minutes");
        // the current minute: its first slot after now is the next minute, at most 60 s away
        browser.driver.executeScript("""
                const d = new Date(); d.setSeconds(0, 0);
                const p = (n) => String(n).padStart(2, '0');
                arguments[0].value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
                """, browser.byLabel("Start"));
        browser.click("Save schedule");
        browser.waitForText("Schedule saved.");

        browser.click(browser.driver.findElement(By.linkText("Execution history")));
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.chart svg")));
        int before = browser.all("figure.chart svg a").size();
        // a mark on the page that a reload would lose: the page must update itself
        browser.driver.executeScript("window.ferryNotReloaded = true");
        By scheduled = By.xpath("//table//td[normalize-space()='schedule']");
        browser.await(ExpectedConditions.visibilityOfElementLocated(scheduled), Duration.ofSeconds(110));
        browser.await(d -> browser.all("figure.chart svg a").size() > before ? true : null, Duration.ofSeconds(20));
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.ferryNotReloaded === true"),
                "the history updated in place");
        // looked up again: the live table is drawn anew as the run moves on
        browser.await(ExpectedConditions.visibilityOfElementLocated(scheduled));
        browser.screenshot("30-history-live-schedule");

        browser.click(browser.driver.findElement(By.linkText("Scheduling")));
        browser.click("Remove schedule");
        browser.clickInDialog("Remove schedule");
        browser.waitForText("Schedule removed.");
    }
}
