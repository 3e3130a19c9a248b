/** Hash routing between the library and a lesson's workbench. */

/** Where the app is. */
export type Route = { view: 'library' } | { view: 'lesson'; lessonId: string } | { view: 'meeting'; lessonId: string } | { view: 'trend'; coacheeId: string };

/** Read a route from a location hash. */
export function parseRoute(hash: string): Route {
  const trend = /^#\/coachee\/([A-Za-z0-9-]+)\/trend$/.exec(hash);
  if (trend) return { view: 'trend', coacheeId: trend[1] };
  const match = /^#\/lesson\/([A-Za-z0-9-]+)(\/meeting)?$/.exec(hash);
  if (!match) return { view: 'library' };
  return match[2] ? { view: 'meeting', lessonId: match[1] } : { view: 'lesson', lessonId: match[1] };
}

/** The current route, following the location hash. */
export class Router {
  route = $state<Route>(parseRoute(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.route = parseRoute(location.hash)));
  }

  /** Open a lesson in the workbench. */
  openLesson(lessonId: string): void {
    location.hash = `#/lesson/${lessonId}`;
  }

  /** Open a lesson's meeting mode. */
  openMeeting(lessonId: string): void {
    location.hash = `#/lesson/${lessonId}/meeting`;
  }

  /** Open a coachee's trend. */
  openTrend(coacheeId: string): void {
    location.hash = `#/coachee/${coacheeId}/trend`;
  }

  /** Back to the library. */
  openLibrary(): void {
    location.hash = '#/';
  }
}
