/** Pure audio analysis: resampling, features, peaks, talk-time segmentation and scoring. */
export { Resampler, downmix } from './resample';
export { FeatureExtractor, FEATURE_SAMPLE_RATE, FRAME_DURATION, BAND_COUNT, BAND_EDGES_HZ, MFCC_COUNT, type FeatureFrames } from './features';
export { PeakBuilder, DEFAULT_PEAK_RESOLUTIONS, type PeakLevel } from './peaks';
export {
  segmentLesson,
  ALGORITHM_VERSION,
  type VoiceActivity,
  type TeacherVoice,
  type SegmentationResult,
  type SegmenterOptions,
} from './segmenter';
export type { TalkLabel, TalkSegment } from '../../src/core/talk';
export {
  scoreSegmentation,
  scoreVoiceActivity,
  labelFrames,
  spanFrames,
  type LabelledSpan,
  type Span,
  type LabelScore,
  type SegmentationScore,
  type VoiceActivityScore,
} from './score';
