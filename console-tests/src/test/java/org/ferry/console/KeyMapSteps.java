package org.ferry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A leg that matches records through a key map instead of a business key, in ConsoleIT's browser and project:
 * a task filing the CSV accounts as hub contacts (which the hub numbers itself), the match choice, a run, the
 * leg's key map with its search and Forget, and the task removed again so the later steps see the project as
 * before.
 */
final class KeyMapSteps {
    private static final String TASK = "Accounts as contacts";

    private final Browser browser;

    KeyMapSteps(Browser browser) {
        this.browser = browser;
    }

    /** From any page of the project. */
    void matchThroughAKeyMapThenForgetAnEntry(int accounts) throws Exception {
        browser.click(browser.driver.findElement(By.linkText("Tasks")));
        browser.click("Add task");
        browser.type(browser.byLabel("Task name"), TASK);
        new Select(browser.byLabel("Source role")).selectByValue("source");
        browser.byLabel("Source entity").sendKeys("accounts");
        new Select(browser.byLabel("Target role")).selectByValue("cds");
        browser.byLabel("Target entity").sendKeys("Contact");
        browser.click("Create task");
        browser.waitForText("Mappings of " + TASK);

        browser.click(browser.driver.findElement(By.xpath("//summary[normalize-space()='Filter and keys']")));
        WebElement businessKey = browser.byLabel("Business key (target fields)");
        assertTrue(businessKey.isEnabled());
        browser.click(browser.driver.findElement(By.xpath("//label[contains(@class,'choice')][contains(., 'Key map (no business key)')]")));
        browser.await(d -> !businessKey.isEnabled());
        browser.waitForText("Not used: records are matched through the key map.");
        browser.click("Add mapping");
        browser.driver.findElement(By.cssSelector("table.mapping tbody tr:nth-child(1) td:nth-child(1) input")).sendKeys("LastName", Keys.ESCAPE);
        browser.driver.findElement(By.cssSelector("table.mapping tbody tr:nth-child(1) td:nth-child(3) input")).sendKeys("Name", Keys.ESCAPE);
        browser.click("Save mappings");
        browser.waitForText("Mappings saved.");
        browser.click("Key map");
        browser.waitForText("The key map is empty: the next run creates every record and fills it.");
        browser.screenshot("25-key-map-leg");

        browser.click("Run");
        browser.heading("Run of");
        String status = browser.await(d -> {
            String text = d.findElement(By.cssSelector("h1 .badge")).getText();
            return List.of("COMPLETED", "WARNING", "ERROR").contains(text) ? text : null;
        }, Duration.ofSeconds(120));
        assertEquals("COMPLETED", status, browser.driver.findElement(By.tagName("main")).getText());
        // the accounts task finds nothing changed; the new task creates one contact per account row
        browser.waitForText(accounts + 1 + " read · " + (accounts + 1) + " inserted");

        browser.click(browser.driver.findElement(By.xpath("//p[@class='crumbs']/a[2]")));
        browser.click(browser.await(ExpectedConditions.elementToBeClickable(By.linkText("Tasks"))));
        browser.click("2. " + TASK);
        browser.waitForText("Mappings of " + TASK);
        browser.click("Key map");
        browser.waitForText("Entries 1 to 50.");
        assertEquals(50, browser.all("table.key-map-table tbody tr").size());
        WebElement search = browser.byLabel("Source id");
        search.sendKeys("ACC-0007", Keys.ENTER);
        browser.waitForText("Entries 1 to 1 for source id 'ACC-0007'.");
        WebElement row = browser.driver.findElement(By.cssSelector("table.key-map-table tbody tr"));
        assertTrue(row.getText().contains("ACC-0007"), row.getText());
        browser.screenshot("26-key-map-search");
        browser.click(browser.byAria("Forget source id ACC-0007"));
        browser.clickInDialog("Forget");
        browser.waitForText("1 entry forgotten.");
        browser.waitForText("No entry for source id 'ACC-0007'.");

        // leave the project as the later steps expect it: one task
        browser.click(browser.byAria("Delete " + TASK));
        browser.clickInDialog("Delete");
        browser.await(d -> d.findElements(By.xpath("//button[normalize-space()='2. " + TASK + "']")).isEmpty());
        assertFalse(browser.driver.findElement(By.cssSelector("ol.task-list")).getText().contains(TASK));
    }

}
