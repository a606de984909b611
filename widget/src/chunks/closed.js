// Chunk "closed": the view after a chat ends (rating, transcript, a new chat).
import { defineChunk } from '../chunk-loader.js';
import { createClosedView, downloadTranscript, CSS } from '../ui/closed-view.js';

defineChunk('closed', { createClosedView, downloadTranscript, css: CSS });
