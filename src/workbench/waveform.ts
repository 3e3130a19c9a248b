/**
 * The one adapter around wavesurfer.js: the lesson's waveform from precomputed peaks (it never
 * fetches or decodes the file), driven by the workbench's `<video>` as its media, with the talk-time
 * bands as regions and a time ruler. Components get a small typed event set.
 */
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import { Emitter } from '../app/emitter';
import { formatClock, formatDuration } from '../core/format';
import { normalisePeaks, pickPeakResolution } from '../core/peaks';
import { LABEL_COLOURS, LABEL_NAMES, LABEL_SHORT_NAMES, isUnsure, type TalkSegment } from '../core/talk';
import { KIND_NAMES, type Entry } from '../core/annotations';
import { lensById } from '../core/lenses';
import type { StoredPeaks } from '../db/db';

/** Events the waveform re-emits. */
export interface WaveformEvents {
  /** A band was clicked. */
  'band-click': [index: number];
  /** A band edge was dragged and let go (the "-ed" event: write to storage on this one). */
  'boundary-moved': [index: number, side: 'start' | 'end', time: number];
  /** The zoom changed (pixels per second). */
  zoom: [pxPerSecond: number];
  /** The coach dragged across the waveform to select a range (e.g. for a clip). */
  'range-selected': [start: number, end: number];
}

/** Waveform, ruler and talk bands for one open lesson. */
export class Waveform {
  #ws: WaveSurfer;
  #regions: ReturnType<typeof RegionsPlugin.create>;
  #video: HTMLVideoElement;
  #duration: number;
  #levels: StoredPeaks[] = [];
  #shownResolution = 0;
  #pxPerSecond = 0;
  #bands: readonly TalkSegment[] = [];
  #selected: number | null = null;
  #focused: number | null = null;
  #markers: readonly Entry[] = [];
  #events = new Emitter<WaveformEvents>();
  #subscriptions: Array<() => void> = [];
  /** The peaks last given to wavesurfer. */
  #lastPeaks: Float32Array | null = null;

  constructor(container: HTMLElement, video: HTMLVideoElement, duration: number) {
    this.#video = video;
    this.#duration = duration;
    this.#regions = RegionsPlugin.create();
    this.#ws = WaveSurfer.create({
      container,
      media: video,
      // An empty, flat waveform until peaks arrive: wavesurfer must never load the file itself.
      peaks: [new Float32Array(2)],
      duration,
      height: 96,
      waveColor: '#8aa4ae',
      progressColor: '#1f4e5f',
      cursorColor: '#d1495b',
      cursorWidth: 2,
      normalize: false,
      // Dragging selects a range (for clips); a click still seeks.
      dragToSeek: false,
      autoScroll: true,
      autoCenter: true,
      hideScrollbar: false,
      plugins: [
        this.#regions,
        TimelinePlugin.create({ height: 18, formatTimeCallback: (s) => formatClock(s), style: { fontSize: '11px', color: '#5b6b73' } }),
      ],
    });
    this.#subscriptions.push(
      // Bands let pointer events through to the waveform (so a click seeks and a drag selects a
      // range); the click's time tells which band was clicked.
      this.#ws.on('interaction', (time) => {
        const index = this.#bands.findIndex((b) => time >= b.start && time < b.end);
        if (index >= 0) this.#emit('band-click', index);
      }),
      this.#regions.on('region-updated', (region, side) => {
        const index = bandIndex(region);
        if (index < 0) return;
        if (side === 'start') this.#emit('boundary-moved', index, 'start', region.start);
        else if (side === 'end') this.#emit('boundary-moved', index, 'end', region.end);
      }),
      this.#regions.enableDragSelection({ color: 'rgb(31 78 95 / 0.25)', id: 'selection' }),
      this.#regions.on('region-created', (region) => {
        if (region.id !== 'selection') return;
        const { start, end } = region;
        region.remove();
        if (end - start >= 0.5) this.#emit('range-selected', start, end);
      }),
      this.#hoverInfo(container),
      // Peaks given before wavesurfer's own first (flat) load has finished are replaced by it: give them
      // again once it has. Bands and markers are placed only once wavesurfer knows the lesson's length
      // (before, the regions plugin puts them at 0 s with no width, and adds them again later): on ready.
      this.#ws.once('ready', () => {
        if (this.#lastPeaks) this.#load(this.#lastPeaks);
      }),
      this.#ws.on('ready', () => this.#redraw()),
      this.#ws.on('zoom', (px) => {
        this.#pxPerSecond = px;
        this.#emit('zoom', px);
        this.#showBestPeaks();
        // Which bands are wide enough for their name changes with the zoom.
        this.#redraw();
      }),
    );
  }

  /** Show the band under the pointer (label, duration, confidence) as the waveform's tooltip. */
  #hoverInfo(container: HTMLElement): () => void {
    const onMove = (event: PointerEvent) => {
      const wrapper = this.#ws.getWrapper();
      const rect = wrapper.getBoundingClientRect();
      const time = ((event.clientX - rect.left) / rect.width) * this.#duration;
      const band = this.#bands.find((b) => time >= b.start && time < b.end);
      container.title = band ? bandDescription(band) : '';
    };
    container.addEventListener('pointermove', onMove);
    return () => container.removeEventListener('pointermove', onMove);
  }

  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends keyof WaveformEvents>(event: E, listener: (...args: WaveformEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  #emit<E extends keyof WaveformEvents>(event: E, ...args: WaveformEvents[E]): void {
    this.#events.emit(event, ...args);
  }

  /** Show the stored multi-resolution peaks; the one matching the zoom is drawn. */
  setPeaks(levels: StoredPeaks[]): void {
    this.#levels = levels;
    this.#shownResolution = 0;
    this.#showBestPeaks();
  }

  /** Show peaks of the first part of the lesson while the analysis still runs (the rest flat). */
  setPartialPeaks(peaks: Float32Array, binsPerSecond: number): void {
    const full = new Float32Array(Math.max(1, Math.ceil(this.#duration * binsPerSecond)));
    full.set(peaks.subarray(0, full.length));
    this.#load(normalisePeaks(full));
  }

  #showBestPeaks(): void {
    if (this.#levels.length === 0) return;
    const wanted = pickPeakResolution(Math.max(this.#pxPerSecond, this.#fitPxPerSecond()), this.#levels.map((l) => l.binsPerSecond));
    if (wanted === this.#shownResolution) return;
    this.#shownResolution = wanted;
    this.#load(normalisePeaks(this.#levels.find((l) => l.binsPerSecond === wanted)!.peaks));
  }

  #load(peaks: Float32Array): void {
    this.#lastPeaks = peaks;
    // Passing the media's own URL with peaks and duration makes wavesurfer draw without fetching anything.
    this.#ws.load(this.#video.currentSrc || this.#video.src, [peaks], this.#duration).catch((error: unknown) => {
      if ((error as { name?: string })?.name !== 'AbortError') console.error('Waveform failed to draw', error);
    });
  }

  #fitPxPerSecond(): number {
    return this.#ws.getWrapper().parentElement!.clientWidth / Math.max(1, this.#duration);
  }

  /** Draw the talk-time bands (replacing any shown); `selected` is outlined, `focused` (by keyboard) dashed. */
  setBands(segments: readonly TalkSegment[], selected: number | null, focused: number | null = null): void {
    this.#bands = segments;
    this.#selected = selected;
    this.#focused = focused;
    this.#redraw();
  }

  /** Show a marker per evidence entry, coloured by lens; an incident shows its trigger-to-outcome span. */
  setMarkers(entries: readonly Entry[]): void {
    this.#markers = entries;
    this.#redraw();
  }

  #redraw(): void {
    if (!(this.#ws.getDuration() > 0)) return;
    this.#regions.clearRegions();
    const segments = this.#bands;
    const selected = this.#selected;
    for (const entry of this.#markers) {
      const lens = lensById(entry.lens);
      const end = entry.kind === 'incident' ? (entry.outcome ?? entry.incidentStart) : null;
      const region = this.#regions.addRegion({
        id: `entry-${entry.id}`,
        start: entry.time,
        end: end !== null && end > entry.time ? end : entry.time,
        color: end !== null && end > entry.time ? `${lens.colour}22` : lens.colour,
        drag: false,
        resize: false,
      });
      const element = region.element;
      if (!element) continue;
      element.dataset.testid = 'entry-marker';
      // A span (an incident) must not block clicks and drags on the waveform under it.
      if (end !== null && end > entry.time) element.style.pointerEvents = 'none';
      element.dataset.kind = entry.kind;
      element.title = `${KIND_NAMES[entry.kind]} · ${formatClock(entry.time)}${entry.note ? ` · ${entry.note}` : ''}`;
      element.style.zIndex = '4';
      if (end === null || end <= entry.time) element.style.borderLeft = `3px solid ${lens.colour}`;
      else element.style.borderTop = `3px solid ${lens.colour}`;
    }
    const pxPerSecond = this.#pxPerSecond || this.#fitPxPerSecond();
    segments.forEach((segment, index) => {
      const region = this.#regions.addRegion({
        id: `band-${index}`,
        start: segment.start,
        end: segment.end,
        color: `${LABEL_COLOURS[segment.label]}${index === selected ? '66' : '33'}`,
        drag: false,
        resize: true,
        minLength: 0.5,
        // Told apart without colour: the band's name inside it, where it fits.
        content: (segment.end - segment.start) * pxPerSecond >= bandNameWidth(segment) ? bandName(segment) : undefined,
      });
      const element = region.element;
      if (!element) return;
      element.dataset.testid = 'talk-band';
      element.dataset.label = segment.label;
      element.title = bandDescription(segment);
      // Only the edges take the pointer (to move a boundary); the band itself lets clicks through.
      element.style.pointerEvents = 'none';
      for (const handle of element.querySelectorAll<HTMLElement>('[part*="region-handle"]')) handle.style.pointerEvents = 'all';
      element.style.borderBottom = `4px solid ${LABEL_COLOURS[segment.label]}`;
      // An unsure band is hatched and its edge dashed, so it reads as a question, not a finding.
      if (isUnsure(segment)) {
        element.dataset.unsure = 'true';
        element.style.backgroundImage = `repeating-linear-gradient(135deg, transparent 0 6px, ${LABEL_COLOURS[segment.label]}55 6px 9px)`;
        element.style.borderBottomStyle = 'dashed';
      }
      if (index === selected) element.style.outline = `2px solid ${LABEL_COLOURS[segment.label]}`;
      if (index === this.#focused) {
        element.dataset.focused = 'true';
        element.style.boxShadow = 'inset 0 0 0 2px #14232a, inset 0 0 0 4px #fff';
      }
    });
  }

  /** Zoom to `pxPerSecond` (0 fits the whole lesson). */
  zoom(pxPerSecond: number): void {
    this.#ws.zoom(pxPerSecond);
  }

  /** Pixels per second that show the whole lesson. */
  get fitPxPerSecond(): number {
    return this.#fitPxPerSecond();
  }

  destroy(): void {
    for (const off of this.#subscriptions) off();
    this.#events.clear();
    this.#ws.destroy();
  }
}

/** Pixels a band needs to show its short name. */
function bandNameWidth(band: TalkSegment): number {
  return LABEL_SHORT_NAMES[band.label].length * 7 + 14;
}

function bandName(band: TalkSegment): HTMLElement {
  const name = document.createElement('span');
  name.textContent = LABEL_SHORT_NAMES[band.label];
  name.dataset.testid = 'band-name';
  name.setAttribute('aria-hidden', 'true');
  name.style.cssText = `display:inline-block;font:600 11px/1.3 system-ui,sans-serif;color:#14232a;background:rgb(255 255 255 / 0.8);padding:0 3px;border-radius:3px;white-space:nowrap;pointer-events:none;`;
  return name;
}

function bandDescription(band: TalkSegment): string {
  const sure = isUnsure(band) ? ' · unsure: please check' : '';
  return `${LABEL_NAMES[band.label]} · ${formatDuration(band.end - band.start)} (${formatClock(band.start)}–${formatClock(band.end)}) · confidence ${Math.round(band.confidence * 100)}%${sure}`;
}

function bandIndex(region: Region): number {
  return region.id.startsWith('band-') ? Number(region.id.slice(5)) : -1;
}
