/**
 * How many analyses and clip exports are under way in this page, so the app never reloads (to start
 * a new version) in the middle of one.
 */
class RunningJobs {
  /** Analyses and exports started and not yet settled. */
  count = $state(0);

  /** Count `job` as running until it settles; returns it unchanged. */
  track<T>(job: Promise<T>): Promise<T> {
    this.count += 1;
    const settled = () => {
      this.count -= 1;
    };
    job.then(settled, settled);
    return job;
  }
}

/** The page's running analyses and exports (the job clients count themselves in). */
export const runningJobs = new RunningJobs();
