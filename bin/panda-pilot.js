#!/usr/bin/env node
import '../dist/src/cli/pilot.js';
