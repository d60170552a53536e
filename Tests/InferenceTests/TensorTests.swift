import Testing
@testable import Inference

@Suite("Tensor")
struct TensorTests {
    @Test func shapesAndCounts() {
        let scalar = Tensor(shape: [], floats: [2.5])
        #expect(scalar.count == 1 && scalar.rank == 0 && scalar.floats == [2.5])
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        #expect(x.byteCount == 24)
        #expect(x.reshaped([3, 2]).floats == x.floats)
        #expect(Tensor(shape: [2], int64s: [4, -5]).integers == [4, -5])
        #expect(contiguousStrides([2, 3, 4]) == [12, 4, 1])
        #expect(contiguousStrides([]) == [])
    }

    @Test func copiesOwnTheirStorage() {
        let x = Tensor(shape: [3], floats: [1, 2, 3])
        let y = x.copied()
        x.withUnsafeMutableBufferPointer(of: Float.self) { $0[0] = 9 }
        #expect(y.floats == [1, 2, 3])
        #expect(Tensor(zeros: .bool, shape: [0, 4]).count == 0)
    }
}
