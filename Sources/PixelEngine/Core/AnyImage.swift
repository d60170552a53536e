/// An image whose sample type is known only at run time: what a file holds, what a
/// language value carries. Kernels are generic; `AnyImage` dispatches to them.
public enum AnyImage: Sendable, Equatable, CustomStringConvertible {
    case uint8(Image<UInt8>)
    case uint16(Image<UInt16>)
    case float32(Image<Float>)

    public var width: Int {
        switch self {
        case .uint8(let i): i.width
        case .uint16(let i): i.width
        case .float32(let i): i.width
        }
    }
    public var height: Int {
        switch self {
        case .uint8(let i): i.height
        case .uint16(let i): i.height
        case .float32(let i): i.height
        }
    }
    public var channels: Int {
        switch self {
        case .uint8(let i): i.channels
        case .uint16(let i): i.channels
        case .float32(let i): i.channels
        }
    }
    public var sampleType: SampleType {
        switch self {
        case .uint8: .uint8
        case .uint16: .uint16
        case .float32: .float32
        }
    }
    public var description: String {
        "\(width)x\(height) \(ImageLayout.channelName(channels)) \(sampleType)"
    }

    /// Wraps a typed image. `UInt32` images are label ids, not pictures: wrap them in a
    /// ``LabelMap`` instead.
    public init<S: PixelSample>(_ image: Image<S>) {
        switch image {
        case let i as Image<UInt8>: self = .uint8(i)
        case let i as Image<UInt16>: self = .uint16(i)
        case let i as Image<Float>: self = .float32(i)
        default: preconditionFailure("AnyImage: \(S.sampleType) images are not pictures")
        }
    }
}
