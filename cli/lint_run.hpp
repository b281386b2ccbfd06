#pragma once
// SCAFFOLD (being written this session): the lint replay.
