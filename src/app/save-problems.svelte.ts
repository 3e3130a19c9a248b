/** The one place a failed save is reported, so no change is lost without the coach knowing. */
import { saveFailureMessage } from '../core/storage';

class SaveProblems {
  /** The latest failure, in plain words, until the coach dismisses it. */
  message = $state<string | null>(null);

  /** Report that saving `what` ("Your note", "The meeting record") failed. */
  report(what: string, error: unknown): void {
    console.error(`${what} could not be saved`, error);
    this.message = saveFailureMessage(what, error);
  }

  dismiss(): void {
    this.message = null;
  }
}

/** The app's save problems. */
export const saveProblems = new SaveProblems();
