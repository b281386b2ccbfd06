// The loader's YAML document: yaml-cpp's parser events made into compact nodes (yaml_nodes.hpp),
// the way YAML::Load's node builder makes them into YAML::Node trees, at a fraction of the memory.

#include "schemas/yaml_nodes.hpp"

#include <yaml-cpp/eventhandler.h>

namespace strata::schemas::detail {

namespace {

using Data = Node::Data;

// Builds the nodes of one document: each node where its event says, an alias the very node its
// anchor names (as YAML::Load shares it), the first node the root. The items of a streamed list
// (Document's constructor says which) go to the sink as each is complete, and are then taken out
// of the tree and freed.
class Builder : public YAML::EventHandler {
public:
  Builder(std::deque<Data>& nodes, std::string_view streamed_key, const ItemSink& sink)
    : m_nodes(nodes), m_streamed_key(streamed_key), m_sink(sink)
  {
  }

  const Data* root() const { return m_root; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(&make(Data::Kind::null, mark, anchor)); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override
  {
    const Data* data = anchor < m_anchors.size() ? m_anchors[anchor] : nullptr;
    if (data == nullptr) {
      return; // an unknown anchor: the parser refuses it before
    }
    if (in_list()) {
      m_item_begin = k_nothing; // the item is a node of elsewhere: nothing of it to free
    }
    leaf(data);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override
  {
    Data& data = make(Data::Kind::scalar, mark, anchor);
    data.scalar = value;
    leaf(&data);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override
  {
    open(make(Data::Kind::sequence, mark, anchor), anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    open(make(Data::Kind::map, mark, anchor), anchor);
  }
  void OnMapEnd() override { close(); }

private:
  static constexpr size_t k_nothing = static_cast<size_t>(-1);

  bool in_list() const { return m_list != nullptr && m_open.back() == m_list; }

  // A new node (not yet in the tree); an item of the streamed list starts with it when the list is
  // the open node.
  Data& make(Data::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    if (in_list()) {
      m_item_begin = m_nodes.size();
      m_item_anchored = false;
    }
    Data& data = m_nodes.emplace_back();
    data.kind = kind;
    data.mark = mark;
    if (anchor != YAML::NullAnchor) {
      if (anchor >= m_anchors.size()) {
        m_anchors.resize(anchor + 1, nullptr);
      }
      m_anchors[anchor] = &data;
      m_item_anchored = true;
    }
    return data;
  }
  void leaf(const Data* data)
  {
    const bool item = in_list();
    attach(data);
    if (item) {
      hand_over();
    }
  }
  void open(Data& data, YAML::anchor_t anchor)
  {
    const bool streamed = is_streamed_value(data, anchor);
    attach(&data);
    m_open.push_back(&data);
    if (streamed) {
      m_list = &data;
    }
  }
  void close()
  {
    const Data* done = m_open.back();
    m_open.pop_back();
    if (done == m_list) {
      m_list = nullptr;
    } else if (in_list()) {
      hand_over();
    }
  }
  void attach(const Data* data)
  {
    if (m_open.empty()) {
      if (m_root == nullptr) {
        m_root = data;
      }
      return;
    }
    Data& parent = *m_open.back();
    if (m_open.size() == 1 && parent.kind == Data::Kind::map && m_root_streams && parent.items.size() % 2 == 0 &&
        !m_key_seen && !m_streamed_key.empty() && data->kind == Data::Kind::scalar &&
        data->scalar == m_streamed_key) {
      m_key_seen = true; // the first such key: its value is what the loader reads
      m_key_pending = true;
    } else if (m_open.size() == 1 && parent.items.size() % 2 == 1) {
      m_key_pending = false;
    }
    parent.items.push_back(data);
  }
  // The value of the root map's first streamed key, a list without an anchor, in a root map
  // without one.
  bool is_streamed_value(const Data& data, YAML::anchor_t anchor)
  {
    if (m_open.empty()) {
      m_root_streams = data.kind == Data::Kind::map && anchor == YAML::NullAnchor && m_sink;
      return false;
    }
    return m_key_pending && m_open.size() == 1 && data.kind == Data::Kind::sequence && anchor == YAML::NullAnchor;
  }
  // The streamed list's last item is complete: to the sink, then out of the tree, and freed unless
  // an anchor in it may still be named.
  void hand_over()
  {
    m_sink(Node(m_list->items.back()), m_ordinal++);
    m_list->items.pop_back();
    if (m_item_begin != k_nothing && !m_item_anchored) {
      m_nodes.resize(m_item_begin);
    }
  }

  std::deque<Data>& m_nodes;
  std::string_view m_streamed_key;
  const ItemSink& m_sink;
  std::vector<Data*> m_open;
  std::vector<const Data*> m_anchors;
  const Data* m_root = nullptr;
  bool m_root_streams = false; // a root map without an anchor, and a sink
  bool m_key_seen = false;     // the root map's first streamed key came
  bool m_key_pending = false;  // ... and its value is the next node attached to the root map
  Data* m_list = nullptr;      // the streamed list while it is open
  size_t m_ordinal = 0;
  size_t m_item_begin = k_nothing; // the first node of the item being built (in m_nodes)
  bool m_item_anchored = false;    // an anchor was defined in it
};

const std::string k_no_scalar;

} // namespace

Node::Item Node::Iterator::operator*() const
{
  if (m_node->kind == Data::Kind::map) {
    return Item{Node(m_node->items[m_at]), Node(m_node->items[m_at + 1])};
  }
  return Item{Node(m_node->items[m_at]), Node()};
}

Node::Iterator& Node::Iterator::operator++()
{
  m_at += m_node->kind == Data::Kind::map ? 2 : 1;
  return *this;
}

const std::string& Node::Scalar() const
{
  return IsScalar() ? m_data->scalar : k_no_scalar;
}

size_t Node::size() const
{
  if (IsSequence()) {
    return m_data->items.size();
  }
  return IsMap() ? m_data->items.size() / 2 : 0;
}

Node Node::operator[](std::string_view key) const
{
  if (!IsMap()) {
    return Node();
  }
  for (size_t i = 0; i + 1 < m_data->items.size(); i += 2) {
    const Data* item = m_data->items[i];
    if (item->kind == Data::Kind::scalar && item->scalar == key) {
      return Node(m_data->items[i + 1]);
    }
  }
  return Node();
}

Node::Iterator Node::begin() const
{
  return Iterator(m_data, 0);
}

Node::Iterator Node::end() const
{
  const bool items = IsSequence() || IsMap();
  return Iterator(m_data, items ? m_data->items.size() : 0);
}

Document::Document(const std::string& text, const std::string& file, std::optional<Diagnostic>& refused,
                   std::string_view streamed_key, const ItemSink& streamed_items, Scanner scanner)
{
  std::optional<Builder> builder(std::in_place, m_nodes, streamed_key, streamed_items);
  for (;;) {
    try {
      refused = parse_checked(text, file, *builder, scanner);
      break;
    } catch (const ScannerRefused& refusal) {
      if (streamed_items) {
        throw; // what the sink built is the caller's to drop
      }
      m_nodes.clear();
      builder.emplace(m_nodes, streamed_key, streamed_items);
      scanner = refusal.next;
    }
  }
  m_root = refused ? nullptr : builder->root();
}

} // namespace strata::schemas::detail
