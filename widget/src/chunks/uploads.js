// Chunk "uploads": what sends a file (upload-send.js).
import { defineChunk } from '../chunk-loader.js';
import { sendFile } from '../upload-send.js';

defineChunk('uploads', { sendFile });
