/** Where the face detector's files are served from, for the shell to cache them for offline use (the face worker loads them from there). */
export { offlineDetectorURLs } from '../../workers/faces/detector-urls';
