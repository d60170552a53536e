// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "segsh",
    platforms: [.macOS(.v15)],  // SegScript uses Synchronization.Atomic
    products: [
        .executable(name: "segsh", targets: ["segsh"]),
        .executable(name: "segsh-bench", targets: ["segsh-bench"]),
        .library(name: "PixelEngine", targets: ["PixelEngine"]),
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "Segmentation", targets: ["Segmentation"]),
        .library(name: "SegScript", targets: ["SegScript"]),
        .library(name: "SegScriptLibrary", targets: ["SegScriptLibrary"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // System libraries, found through pkg-config (Scripts/setup installs them).
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CSixel", pkgConfig: "libsixel", providers: [.apt(["libsixel-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // libpng reports errors with longjmp, which Swift cannot survive: the classic-API
        // calls live in this C target, which owns the setjmp and returns an error string.
        .target(name: "CPNGCodec", dependencies: ["CPNG"]),
        // libjpeg's error_exit must not return (it longjmps) and libtiff's variadic field
        // calls are unavailable in Swift: both live in C targets (Scripts/setup installs
        // libjpeg62-turbo-dev and libtiff-dev).
        .target(name: "CJPEGCodec", linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "CTIFFCodec", linkerSettings: [.linkedLibrary("tiff")]),

        .target(name: "PixelEngine", dependencies: ["CPNGCodec", "CJPEGCodec", "CTIFFCodec"]),
        // The ONNX inference engine: tensors, model reader, graph passes, operators, executor.
        // Knows tensors, not images nor the language.
        .target(name: "Inference", dependencies: [
            "PixelEngine", "COpenBLAS",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Neural/Models holds the built-in networks, loaded by name (load_model("nuclei")).
        .target(name: "Segmentation", dependencies: ["PixelEngine", "Inference"], resources: [.copy("Neural/Models")]),
        .target(name: "TerminalGraphics", dependencies: ["PixelEngine", "CSixel"]),
        // The language core: lexer, parser, diagnostics, interpreter. Knows nothing of pixels.
        .target(name: "SegScript"),
        // The builtins that bind the pixel engine and the segmentation algorithms into SegScript.
        .target(name: "SegScriptLibrary", dependencies: ["SegScript", "Segmentation"]),
        .executableTarget(
            name: "segsh",
            dependencies: [
                "PixelEngine", "TerminalGraphics", "CEditLine", "SegScript", "SegScriptLibrary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "segsh-bench", dependencies: ["PixelEngine", "Inference", "Segmentation", "TerminalGraphics", "SegScript", "SegScriptLibrary"]),

        // Helpers shared by the test targets: the .npy reader, seeded generators, comparisons.
        .target(name: "TestSupport", dependencies: ["PixelEngine"], path: "Tests/TestSupport"),
        .testTarget(
            name: "PixelEngineTests",
            dependencies: ["PixelEngine", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SegmentationTests",
            dependencies: ["Segmentation", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "TestSupport"]),
        .testTarget(name: "SegScriptTests", dependencies: ["SegScript", "TestSupport"], resources: [.copy("Cases")]),
        .testTarget(name: "SegScriptLibraryTests", dependencies: ["SegScriptLibrary", "segsh", "TestSupport"],
                    resources: [.copy("Cases"), .copy("Notebooks")]),
        // Drives the built `segsh` binary through a pseudo-terminal, as a person would.
        .testTarget(name: "segshTests", dependencies: ["segsh"]),
    ],
    swiftLanguageModes: [.v6]
)
