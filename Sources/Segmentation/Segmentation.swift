// Segmentation turns images into classes (semantic: a ClassMap or Mask) and objects
// (instance: a LabelMap), and measures them. Its inputs and outputs are pixel-engine
// values, so the pixel engine comes with it.
@_exported import PixelEngine
