// Chunk "files": a stored file in a message, as a thumbnail or a download link.
import { defineChunk } from '../chunk-loader.js';
import { attachmentView, CSS } from '../ui/attachment-view.js';

defineChunk('files', { attachmentView, css: CSS });
