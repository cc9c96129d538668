/// A binary min-heap: the scheduler's queue of next due times, O(log n) per check run.
struct MinHeap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool

    init(by less: @escaping (Element, Element) -> Bool) { self.less = less }

    var first: Element? { self.items.first }
    var count: Int { self.items.count }

    mutating func push(_ element: Element) {
        self.items.append(element)
        var child = self.items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard self.less(self.items[child], self.items[parent]) else { break }
            self.items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard !self.items.isEmpty else { return nil }
        self.items.swapAt(0, self.items.count - 1)
        let top = self.items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < self.items.count, self.less(self.items[left], self.items[smallest]) { smallest = left }
            if right < self.items.count, self.less(self.items[right], self.items[smallest]) { smallest = right }
            guard smallest != parent else { return top }
            self.items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
