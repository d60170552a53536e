/// Public entry points of this module are generic over the sample type but not
/// `@inlinable`, so they run unspecialised (a witness-table call per sample). They switch
/// to the concrete type once, here, and call internal generic kernels that the compiler
/// then specialises for `UInt8`, `UInt16` and `Float`.
enum ConcreteImage {
    case uint8(Image<UInt8>)
    case uint16(Image<UInt16>)
    case uint32(Image<UInt32>)
    case float32(Image<Float>)
}

extension Image {
    /// The image under its concrete sample type.
    var concrete: ConcreteImage {
        switch Sample.sampleType {
        case .uint8: .uint8(unsafeBitCast(self, to: Image<UInt8>.self))
        case .uint16: .uint16(unsafeBitCast(self, to: Image<UInt16>.self))
        case .uint32: .uint32(unsafeBitCast(self, to: Image<UInt32>.self))
        case .float32: .float32(unsafeBitCast(self, to: Image<Float>.self))
        }
    }
}

extension Image where Sample == UInt8 {
    /// `table[v]` for every sample `v`, in parallel.
    func lookup(_ table: [UInt8]) -> Image<UInt8> {
        precondition(table.count == 256, "lookup: 256 entries")
        return table.withUnsafeBufferPointer { lut in
            withUnsafeSamples { s in
                let t = lut.baseAddress!, input = s.baseAddress!
                return Image<UInt8>.generate(width: width, height: height, channels: channels) { rows, out in
                    let o = out.baseAddress!
                    for i in (rows.lowerBound * rowStride)..<(rows.upperBound * rowStride) { o[i] = t[Int(input[i])] }
                }
            }
        }
    }

    /// `v > cut ? 1 : 0` for every sample, in parallel (vectorises).
    func greater(than cut: UInt8) -> Image<UInt8> {
        withUnsafeSamples { s in
            let input = s.baseAddress!
            return Image<UInt8>.generate(width: width, height: height, channels: channels) { rows, out in
                let o = out.baseAddress!
                for i in (rows.lowerBound * rowStride)..<(rows.upperBound * rowStride) { o[i] = input[i] > cut ? 1 : 0 }
            }
        }
    }
}
